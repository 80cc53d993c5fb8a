"""A small SVG chart of differences with error bars, shared by the result plots (no plotting library on the machines)."""
import json

W, H, L, R, T, B = 560, 320, 70, 150, 30, 50
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def draw(out, title, xlabel, ticks, series, width=W):
    """ticks: [(x in 0..1, label)]; series: [(name, [(x in 0..1, value, error)], dashed)]. Values share one y axis with 0 marked."""
    values = [v + sign * e for _, points, _ in series for _, v, e in points for sign in (-1, 1)] + [0.0]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or 0.01
    lo, hi = lo - pad, hi + pad

    def x(f):
        return L + 30 + (width - L - R - 60) * f

    def y(v):
        return T + (H - T - B) * (hi - v) / (hi - lo)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="18">{title}</text>',
           f'<line x1="{L}" y1="{y(0):.1f}" x2="{width - R}" y2="{y(0):.1f}" stroke="#888" stroke-dasharray="4 3"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{H - B}" x2="{width - R}" y2="{H - B}" stroke="black"/>']
    for f, label in ticks:
        svg.append(f'<text x="{x(f):.1f}" y="{H - B + 18}" text-anchor="middle">{label}</text>')
    svg.append(f'<text x="{(L + width - R) / 2:.1f}" y="{H - 10}" text-anchor="middle">{xlabel}</text>')
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        svg.append(f'<text x="{L - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:+.3f}</text>')
    for k, (name, points, dashed) in enumerate(series):
        colour, dx = COLOURS[k % len(COLOURS)], (k - (len(series) - 1) / 2) * 6
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        svg.append('<polyline fill="none" stroke="{}"{} points="{}"/>'.format(colour, dash, " ".join(f"{x(f) + dx:.1f},{y(v):.1f}" for f, v, _ in points)))
        for f, v, e in points:
            px = x(f) + dx
            svg.append(f'<line x1="{px:.1f}" y1="{y(v - e):.1f}" x2="{px:.1f}" y2="{y(v + e):.1f}" stroke="{colour}"/>')
            fill = "white" if dashed else colour
            svg.append(f'<circle cx="{px:.1f}" cy="{y(v):.1f}" r="3" fill="{fill}" stroke="{colour}"/>')
        svg.append(f'<text x="{width - R + 10}" y="{T + 16 * (k + 1)}" fill="{colour}">{name}</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


def last_json_line(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(f.read().strip().split("\n")[-1])
