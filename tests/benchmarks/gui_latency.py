"""The window's latencies: a prediction update while drawing, a stroke segment, and start-up.

* update: what the live predictor does after the drawing changed (QImage ->
  array, preprocessing, forward pass), on the real canvas, offscreen;
* segment: painting one mouse movement into the canvas;
* start-up: from launching `python -m app` (what `digits` runs) to its
  window shown (the app quits at once when DIGITS_QUIT_WHEN_SHOWN is set).

    python tests/benchmarks/gui_latency.py [--weights FILE] [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from common import REPO, machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", help="weight file (default: bundled)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from app.draw.tab import DrawTab
    from network.storage import weights

    print(f"machine: {machine()}")
    app = QApplication.instance() or QApplication([])
    net, _ = weights.load(args.weights) if args.weights else weights.load_bundled()
    for side in (280, 560):
        tab = DrawTab()                         # the Draw tab's own reading, as the window predicts
        canvas, predictor = tab.canvas, tab.predictor
        canvas.setFixedSize(side, side)
        tab.show()
        app.processEvents()
        predictor.set_network(net)
        angles = np.linspace(0, 2 * np.pi, 60)
        points = [(side / 2 + side * 0.2 * np.cos(a), side / 2 + side * 0.3 * np.sin(a)) for a in angles]
        canvas._begin(QPointF(*points[0]))
        segment = []
        for p in points[1:]:
            start = time.perf_counter()
            canvas._extend(QPointF(*p))
            segment.append(time.perf_counter() - start)
        canvas._end()
        update = []
        for _ in range(200):
            start = time.perf_counter()
            predictor.predict_now()
            update.append(time.perf_counter() - start)
        print(f"canvas {side}x{side} ({'-'.join(map(str, net.sizes))} network): prediction update "
              f"median {1000 * statistics.median(update):.2f} ms, 95th percentile "
              f"{1000 * np.percentile(update, 95):.2f} ms; painting a stroke segment "
              f"{1000 * statistics.median(segment):.2f} ms")

    env = {**os.environ, "DIGITS_QUIT_WHEN_SHOWN": "1"}
    starts = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "app"], env=env, cwd=REPO, capture_output=True, text=True)
        starts.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"the window did not start: {done.stderr.strip()}")
    print(f"start-up, `python -m app` to the window shown and closed again: median "
          f"{statistics.median(starts):.2f} s (runs: {', '.join(f'{s:.2f}' for s in starts)})")


if __name__ == "__main__":
    main()
