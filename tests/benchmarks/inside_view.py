"""What one live update of the Inside tab costs: numbers and painting, as while drawing.

Draws pen-written digits (or, without a pen file, a few fixed strokes) on the
real window's canvas, offscreen, with the Inside tab shown, and times what
follows one change of the drawing:

* view: the Inside tab's update for a new drawing (preprocessing stages,
  forward trace, hidden order, outputs, the open detail page) plus painting
  what changed;
* total: the same plus the live prediction itself (what the Draw tab does too).

    python tests/benchmarks/inside_view.py [--unipen FILE] [--count 200] [--page neuron|evidence|step|path]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from common import REPO, machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(REPO / "tests" / "app"))

PAGES = {"neuron": 0, "evidence": 1, "step": 2, "path": 4}
"""Detail pages open below the path; 'path' opens the teaching-changes page, which does not
change with the drawing (nothing taught), so that the path alone is timed."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unipen", default=str(REPO.parent / "shared" / "data" / "pendigits" / "pendigits-orig.tra"),
                        help="pen-written digits to draw (default: the shared pendigits file, if there)")
    parser.add_argument("--count", type=int, default=200, help="how many drawings")
    parser.add_argument("--page", choices=list(PAGES), default="neuron", help="the detail page open")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from network.data import pendigits

    print(f"machine: {machine()}")
    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(os.environ.get("TMPDIR", "/tmp")) / "digits-bench.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings)
    window.resize(1100, 780)
    window.show()
    app.processEvents()
    window.tabs.setCurrentWidget(window.inside_tab)
    window.inside_tab.details.setCurrentIndex(PAGES[args.page])
    app.processEvents()
    canvas, predictor, inside = window.draw_tab.canvas, window.draw_tab.predictor, window.inside_tab

    if Path(args.unipen).is_file():
        digits = pendigits.read_unipen(args.unipen)[:args.count]
        rng = np.random.default_rng(0)
        drawings = [[s.tolist() for s in pendigits.place(d, rng, canvas=min(canvas.width(), canvas.height()),
                                                         brush=canvas.brush_pixels())] for d in digits]
        source = f"{len(drawings)} pen-written digits from {Path(args.unipen).name}"
    else:
        from strokes import SHAPES, on_canvas

        drawings = [[on_canvas(canvas, s) for s in SHAPES[k]] for k in SHAPES] * (args.count // 3)
        source = f"{len(drawings)} drawings of fixed strokes"

    # the Inside tab is updated here by hand, right after the prediction (the window does it
    # through a signal), so that its own part can be timed on each new drawing
    window.draw_tab.predicted.disconnect(inside.show_prediction)
    view, total, view_cpu = [], [], []
    for strokes in drawings:
        canvas.clear()
        for stroke in strokes:
            canvas.draw_stroke(stroke)
        app.processEvents()                           # the drawing itself is painted
        start = time.perf_counter()
        prediction = predictor.predict_now()          # the live prediction, as the Draw tab makes it
        app.processEvents()
        middle, cpu = time.perf_counter(), time.thread_time()
        inside.show_prediction(prediction)            # the Inside tab's update for this new drawing
        app.processEvents()                           # and its repainting
        end = time.perf_counter()
        view.append(end - middle)
        view_cpu.append(time.thread_time() - cpu)
        total.append(end - start)
    net = window.active.network
    print(f"network {'-'.join(map(str, net.sizes))}, detail page '{args.page}', {source}")
    for name, times in (("Inside tab update + paint", view), ("the same, CPU time of the window's thread", view_cpu),
                        ("with the live prediction", total)):
        ms = 1000 * np.array(times)
        print(f"{name}: median {statistics.median(ms):.2f} ms, 95th percentile {np.percentile(ms, 95):.2f} ms, "
              f"max {ms.max():.2f} ms")
    window.close()


if __name__ == "__main__":
    main()
