#!/usr/bin/env python3
"""Draws dwp - xavier against the target learning rate as an SVG, from `lab init-compare --json` outputs.

Usage: lr_curve.py OUT.svg RUN.json [RUN.json ...]   (one run per learning rate; the last stdout line of each)
Each point is the lab's own check: the difference of means and, as an error bar, the summed standard errors.
"""
import math
import sys

from svg_chart import draw, last_json_line


def load(path):
    run = last_json_line(path)
    checks = {c["step"]: (c["difference"], c["margin"]) for c in run["lab"]["checks"] if c["baseline"] == "xavier"}
    return run["settings"]["lr"], checks


def main(out, paths):
    runs = sorted(load(p) for p in paths)
    steps = sorted({s for _, checks in runs for s in checks})
    lrs = [lr for lr, _ in runs]
    x0, x1 = math.log10(min(lrs)), math.log10(max(lrs))

    def x(lr):
        return (math.log10(lr) - x0) / ((x1 - x0) or 1)

    series = [(f"step {step} (± SE sum)", [(x(lr), *checks[step]) for lr, checks in runs if step in checks], False) for step in steps]
    draw(out, "dwp − xavier (MNIST test accuracy) against the target learning rate", "Adam learning rate of the target runs",
         [(x(lr), f"{lr:g}") for lr in lrs], series)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
