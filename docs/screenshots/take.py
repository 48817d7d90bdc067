"""Take the README's screenshots again: the real window, offscreen, driven as a user would.

    python docs/screenshots/take.py --data ../shared/data/mnist \
        --unipen ../shared/data/pendigits/pendigits-orig.tra [--only draw,inside]

Writes draw.png, draw-zh.png, inside.png, inside-zh.png, train.png and teach.png
beside this file. The digits are pen-written digits of writers the bundled
network never saw, drawn on the canvas with mouse events; Train runs the
`fast` preset on MNIST; Teach teaches writer 28's first two drawings of each
digit. A fresh user data folder and settings file are used, so nothing of
yours shows (or changes).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.append(str(REPO / "tests" / "app"))            # strokes.py: mouse events (after the packages)
sys.path.append(str(REPO / "tests" / "benchmarks"))     # teach.py: a writer's drawings, drawn like the canvas
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZE = (1100, 828)
SHOTS = ("draw", "inside", "train", "teach")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the MNIST folder")
    parser.add_argument("--unipen", required=True, help="pendigits-orig.tra")
    parser.add_argument("--only", default=",".join(SHOTS), help="which: " + ",".join(SHOTS))
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="digits-shots-")
    os.environ["XDG_DATA_HOME"] = home
    os.environ["DIGITS_DATA"] = str(Path(args.data).resolve())

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("Digits")
    app.setApplicationName("Digits")
    from app import language
    from app.main_window import MainWindow
    from network.data import pendigits

    digits = pendigits.read_unipen(args.unipen)
    for shot in args.only.split(","):
        settings = QSettings(str(Path(home) / f"{shot}.ini"), QSettings.Format.IniFormat)
        language.apply("en")
        window = MainWindow(settings=settings)
        window.resize(*SIZE)
        window.show()
        settle(app)
        globals()[f"_{shot}"](app, window, digits, args)
        window.close()
        language.apply("en")
    print(f"written into {HERE}")


def settle(app, seconds=0.3):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def wait(app, done, limit=600):
    end = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > end:
            raise SystemExit("the window did not finish in time")
        app.processEvents()
        time.sleep(0.01)
    settle(app)


def draw(app, window, digit):
    """Draw a pen-written digit on the canvas, at 60% of its side, with mouse events."""
    import numpy as np
    from strokes import draw as mouse

    from network.data import pendigits

    canvas = window.draw_tab.canvas
    canvas.clear()
    side = min(canvas.width(), canvas.height())
    ox, oy = (canvas.width() - side) / 2, (canvas.height() - side) / 2
    strokes = pendigits.place(digit, np.random.default_rng(1), canvas=side, size=(0.62, 0.62))
    points = np.concatenate(strokes)
    shift = side / 2 - (points.min(axis=0) + points.max(axis=0)) / 2       # in the middle
    for stroke in strokes:
        mouse(canvas, [(ox + x, oy + y) for x, y in stroke + shift])
    window.draw_tab.predictor.predict_now()
    settle(app)


def shot(window, name):
    window.grab().save(str(HERE / name))
    print(name)


def pick(digits, writer, label):
    return next(d for d in digits if d.writer == writer and d.label == label)


def _draw(app, window, digits, args):
    from app import language

    draw(app, window, pick(digits, 25, 2))
    shot(window, "draw.png")
    language.apply("zh_CN")
    settle(app)
    shot(window, "draw-zh.png")


def _inside(app, window, digits, args):
    from PySide6.QtCore import Qt

    from app import language

    window.tabs.setCurrentWidget(window.inside_tab)
    settle(app)
    draw(app, window, pick(digits, 23, 4))
    grid = window.inside_tab.hidden
    wait(app, lambda: grid.neuron_at(0, 0) is not None)
    from PySide6.QtTest import QTest

    QTest.mouseClick(grid.view, Qt.MouseButton.LeftButton, pos=grid.view.cell_centre(0, 0))
    settle(app)
    shot(window, "inside.png")
    language.apply("zh_CN")
    settle(app)
    shot(window, "inside-zh.png")


def _train(app, window, digits, args):
    tab = window.train_tab
    window.tabs.setCurrentWidget(tab)
    window.findChild(object, "presetCombo").setCurrentText("fast")
    settle(app)
    tab.start_training()
    wait(app, lambda: not tab.is_running() and tab._outcome is not None)
    shot(window, "train.png")


def _teach(app, window, digits, args):
    from teach import drawn, first_of_each

    from network.data import pendigits

    data = drawn(pendigits.select(digits, {28}), 0, 28)
    chosen = first_of_each(data.labels)
    tab = window.teach_tab
    for image, label in zip(data.images[chosen], data.labels[chosen]):
        tab.store.add(image.reshape(28, 28), int(label))
    tab.reload()
    window.tabs.setCurrentWidget(tab)
    settle(app)
    tab.start_teaching()
    wait(app, lambda: not tab.is_busy() and tab.outcome is not None)
    shot(window, "teach.png")


if __name__ == "__main__":
    sys.exit(main())
