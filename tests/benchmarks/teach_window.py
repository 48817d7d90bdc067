"""Teaching in the window: from pressing Teach to the before/after shown, with 20 examples.

Puts the first two drawings of each digit of one writer (drawn like the canvas)
into a fresh personal store, opens the real window offscreen with the bundled
network, presses Teach on the Teach tab and times until the result is shown
(teaching in the worker, the k-fold before/after on the examples, and the
MNIST test accuracy when MNIST is found).

    python tests/benchmarks/teach_window.py [--writer 28] [--runs 3] [--data MNIST_DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, default_data, machine
from teach import drawn, first_of_each

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unipen", default=str(REPO.parent / "shared" / "data" / "pendigits" / "pendigits-orig.tra"))
    parser.add_argument("--writer", type=int, default=28)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default=default_data(), help="MNIST folder (the window measures MNIST there)")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from network.data import pendigits
    from network.data.mnist import DataSource
    from network.teaching.personal import PersonalStore

    print(f"machine: {machine()}")
    data = drawn(pendigits.select(pendigits.read_unipen(args.unipen), {args.writer}), 0, args.writer)
    chosen = first_of_each(data.labels)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = PersonalStore(Path(folder) / "personal.npz")
        for image, label in zip(data.images[chosen], data.labels[chosen]):
            store.add(image.reshape(28, 28), int(label))
        settings = QSettings(str(Path(folder) / "digits.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        tab = window.teach_tab
        tab.store = store
        tab.data_source = lambda: DataSource.find(args.data)
        tab.reload()
        window.show()
        window.tabs.setCurrentWidget(tab)
        app.processEvents()
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            tab.teach_button.click()
            while tab.is_busy() or not tab.use_button.isEnabled():
                app.processEvents()
                time.sleep(0.002)
            times.append(time.perf_counter() - start)
        print(f"writer {args.writer}, {int(chosen.sum())} examples, MNIST {'at ' + args.data if args.data else 'not used'}")
        print(tab.result.text().replace("<br>", "\n"))
        print("seconds from Teach to the result shown: " + ", ".join(f"{t:.2f}" for t in times))
        window.close()


if __name__ == "__main__":
    sys.exit(main())
