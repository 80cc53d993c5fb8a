#!/usr/bin/env python3
"""Draws what each front gives over Xavier in init mode as an SVG, from `lab init-compare --json` outputs.

Usage: front_curve.py OUT.svg LABEL=RUN.json [LABEL=RUN.json ...]   (one run per front, in the order to draw them)
Solid: dwp - xavier, the lab's own check. Dashed: filters - xavier (the bank's own kernels), where the run has that
arm. Each at steps 50 and 100, with the two standard errors summed as the error bar, as the lab's checks take them.
"""
import math
import sys

from svg_chart import draw, last_json_line


def difference(comparison, method, baseline, step):
    methods = comparison["methods"]
    if method not in methods or baseline not in methods:
        return None
    i = comparison["steps"].index(step)
    a, b = methods[method], methods[baseline]
    se = a["std"][i] / math.sqrt(a["n"]) + b["std"][i] / math.sqrt(b["n"])
    return a["mean"][i] - b["mean"][i], se


def main(out, args):
    runs = []
    for arg in args:
        label, path = arg.split("=", 1)
        runs.append((label, last_json_line(path)["comparison"]))
    steps = [50, 100]
    x = [i / max(1, len(runs) - 1) for i in range(len(runs))]
    series = []
    for method, dashed in (("dwp", False), ("filters", True)):
        for step in steps:
            points = [(xi, *d) for xi, (_, c) in zip(x, runs) if (d := difference(c, method, "xavier", step)) is not None]
            if points:
                series.append((f"{method}, step {step}", points, dashed))
    draw(out, "dwp − xavier and filters − xavier (MNIST test accuracy) by front, ± SE sum", "front: sources' conv1 width, their epochs, the bank's rule (×3: mean of 3 fronts)",
         [(xi, label) for xi, (label, _) in zip(x, runs)], series, width=160 + 110 * len(runs))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
