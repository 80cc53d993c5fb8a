#!/usr/bin/env python3
"""Draws source trajectories (`dwpfarm lab trajectory`) as one SVG of three panels per conv layer.

Usage: trajectory.py OUT.svg LABEL=DIR [LABEL=DIR ...]   (DIR holds trajectory.json)
Panels: the 90th percentile of the kernel norms over the initial (Xavier) norm; the near-dead share; smoothness
(pooled lag-1 correlation of neighbouring weights). The dotted lines are the authors' published banks: their cut,
0.392 (7×7, which keeps the top 8.6 %) and 0.131 (5×5, the top 0.8 %), as multiples of their sources' initial norms
0.088 and 0.051; and their banks' smoothness, 0.77 (7×7) and 0.50 (5×5).
"""
import json
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
PW, PH, ML, MT, GAP = 250, 170, 48, 28, 26
AUTHORS = {  # per layer: median norm / initial norm, smoothness
    0: {"cut": 0.392 / 0.088, "smooth": 0.77},
    1: {"cut": 0.131 / 0.051, "smooth": 0.50},
}
PANELS = [("p90 norm ÷ initial norm", lambda l: l["P90"] / l["InitialNorm"], "cut"),
          ("near-dead share", lambda l: l["NearDead"], None),
          ("smoothness (lag-1 corr.)", lambda l: l["Smoothness"], "smooth")]


def main(out, runs):
    data = []
    for arg in runs:
        label, folder = arg.split("=", 1)
        with open(f"{folder}/trajectory.json", encoding="utf-8") as f:
            data.append((label, json.load(f)["Points"]))
    epochs = max(p["Epoch"] for _, pts in data for p in pts)
    width = ML + 3 * (PW + GAP) + 120
    height = MT + 2 * (PH + 2 * GAP) + 10
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{ML}" y="16" font-size="13">Source kernels during training the authors\' way (per-epoch lr decay, L2 on weights and biases); dotted: the authors\' banks</text>']
    for layer in (0, 1):
        for k, (title, value, authors_key) in enumerate(PANELS):
            x0 = ML + k * (PW + GAP)
            y0 = MT + layer * (PH + 2 * GAP) + 14
            series = [(label, [(p["Epoch"], value(p["Layers"][layer])) for p in pts if value(p["Layers"][layer]) is not None]) for label, pts in data]
            ref = AUTHORS[layer][authors_key] if authors_key else None
            values = [v for _, s in series for _, v in s] + ([ref] if ref is not None else []) + [0.0]
            lo, hi = min(values), max(values) * 1.05 or 1.0

            def px(e):
                return x0 + PW * (e - 1) / max(1, epochs - 1)

            def py(v):
                return y0 + PH - PH * (v - lo) / ((hi - lo) or 1)

            svg.append(f'<text x="{x0}" y="{y0 - 4}">{"conv1 (7×7)" if layer == 0 else "conv2 (5×5)"}: {title}</text>')
            svg.append(f'<rect x="{x0}" y="{y0}" width="{PW}" height="{PH}" fill="none" stroke="black"/>')
            for i in range(3):
                v = lo + (hi - lo) * i / 2
                svg.append(f'<text x="{x0 - 4}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>')
            for e in (1, epochs // 2, epochs):
                svg.append(f'<text x="{px(e):.1f}" y="{y0 + PH + 13}" text-anchor="middle">{e}</text>')
            if ref is not None:
                svg.append(f'<line x1="{x0}" y1="{py(ref):.1f}" x2="{x0 + PW}" y2="{py(ref):.1f}" stroke="#555" stroke-dasharray="2 3"/>')
            for n, (label, s) in enumerate(series):
                if s:
                    pts = " ".join(f"{px(e):.1f},{py(v):.1f}" for e, v in s)
                    svg.append(f'<polyline fill="none" stroke="{COLOURS[n % len(COLOURS)]}" stroke-width="1.5" points="{pts}"/>')
    for n, (label, _) in enumerate(data):
        svg.append(f'<text x="{ML + 3 * (PW + GAP)}" y="{MT + 30 + 16 * n}" fill="{COLOURS[n % len(COLOURS)]}">{label}</text>')
    svg.append(f'<text x="{ML + 1.5 * (PW + GAP)}" y="{height - 4}" text-anchor="middle">epoch</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
