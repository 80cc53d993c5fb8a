#!/usr/bin/env python3
"""Draws dwp - xavier against the target learning rate as an SVG, from `lab init-compare --json` outputs.

Usage: lr_curve.py OUT.svg RUN.json [RUN.json ...]   (one run per learning rate; the last stdout line of each)
Each point is the lab's own check: the difference of means and, as an error bar, the summed standard errors.
"""
import json
import math
import sys

W, H, L, R, T, B = 560, 320, 70, 150, 30, 50


def load(path):
    with open(path, encoding="utf-8") as f:
        run = json.loads(f.read().strip().split("\n")[-1])
    checks = {c["step"]: (c["difference"], c["margin"]) for c in run["lab"]["checks"] if c["baseline"] == "xavier"}
    return run["settings"]["lr"], checks


def main(out, paths):
    runs = sorted(load(p) for p in paths)
    steps = sorted({s for _, checks in runs for s in checks})
    lrs = [lr for lr, _ in runs]
    values = [d + sign * m for _, checks in runs for d, m in checks.values() for sign in (-1, 1)] + [0.0]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or 0.01
    lo, hi = lo - pad, hi + pad
    x0, x1 = math.log10(min(lrs)), math.log10(max(lrs))

    def x(lr):
        return L + 30 + (W - L - R - 60) * ((math.log10(lr) - x0) / ((x1 - x0) or 1))

    def y(v):
        return T + (H - T - B) * (hi - v) / (hi - lo)

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="18">dwp − xavier (MNIST test accuracy) against the target learning rate</text>',
           f'<line x1="{L}" y1="{y(0):.1f}" x2="{W - R}" y2="{y(0):.1f}" stroke="#888" stroke-dasharray="4 3"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>']
    for lr in lrs:
        svg.append(f'<text x="{x(lr):.1f}" y="{H - B + 18}" text-anchor="middle">{lr:g}</text>')
    svg.append(f'<text x="{(L + W - R) / 2:.1f}" y="{H - 10}" text-anchor="middle">Adam learning rate of the target runs</text>')
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        svg.append(f'<text x="{L - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:+.3f}</text>')
    for k, step in enumerate(steps):
        colour, dx = colours[k % len(colours)], (k - (len(steps) - 1) / 2) * 6
        points = [(x(lr) + dx, checks[step]) for lr, checks in runs if step in checks]
        svg.append('<polyline fill="none" stroke="{}" points="{}"/>'.format(colour, " ".join(f"{px:.1f},{y(d):.1f}" for px, (d, _) in points)))
        for px, (d, m) in points:
            svg.append(f'<line x1="{px:.1f}" y1="{y(d - m):.1f}" x2="{px:.1f}" y2="{y(d + m):.1f}" stroke="{colour}"/>')
            svg.append(f'<circle cx="{px:.1f}" cy="{y(d):.1f}" r="3" fill="{colour}"/>')
        svg.append(f'<text x="{W - R + 10}" y="{T + 16 * (k + 1)}" fill="{colour}">step {step} (± SE sum)</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
