"""The longest event-loop stall while the window trains: a 5 ms timer, measured over 2 s windows.

The Train tab trains on a worker thread at a lower priority, with one BLAS
thread, so the window keeps drawing; this measures how well. The garbage
collector is set up as the app sets it up once its window has settled
(app.application.freeze_garbage). Each window prints its worst gap between
two ticks of the timer (wall ms, and of it the CPU the GUI thread spent).

    python tests/benchmarks/train_stall.py [--data MNIST_DIR] [--windows 5] [--hidden 512]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import REPO, default_data, machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data(), help="MNIST folder (else a synthetic one)")
    parser.add_argument("--windows", type=int, default=5, help="2 s windows to measure")
    parser.add_argument("--hidden", type=int, default=512)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from app.application import freeze_garbage
    from app.main_window import MainWindow

    print(f"machine: {machine()}")
    data = Path(args.data)
    scratch = Path(tempfile.mkdtemp())
    os.environ["XDG_DATA_HOME"] = str(scratch / "xdg")
    if not (data / "train-images-idx3-ubyte.gz").exists():
        import importlib.util

        spec = importlib.util.spec_from_file_location("helpers", REPO / "tests" / "helpers.py")
        helpers = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(helpers)
        data = helpers.write_synthetic_mnist(scratch / "mnist", 20_000, 2_000)
        print(f"no MNIST in {args.data}: a synthetic set of 20,000 images")
    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(scratch / "digits.ini"), QSettings.Format.IniFormat)
    settings.setValue("dataFolder", str(data))
    window = MainWindow(settings=settings)
    window.show()
    window.prepare()
    window.tabs.setCurrentWidget(window.train_tab)
    form = window.train_tab.form
    window.findChild(object, "presetCombo").setCurrentText("fast")
    window.findChild(object, "hiddenSpin").setValue(args.hidden)
    window.findChild(object, "epochsSpin").setValue(100)
    form.augment.setChecked(True)
    freeze_garbage()
    window.train_tab.start_training()
    progress = window.findChild(object, "runProgress")
    while progress.value() == 0:
        app.processEvents()
        time.sleep(0.005)
    worst = []
    for _ in range(args.windows):
        gaps, clock, cpu = [], QElapsedTimer(), [None]
        timer = QTimer()
        timer.setInterval(5)

        def tick():
            now = time.thread_time()
            if clock.isValid():
                gaps.append((clock.restart(), round((now - cpu[0]) * 1000)))
            else:
                clock.start()
            cpu[0] = now

        timer.timeout.connect(tick)
        timer.start()
        end = time.monotonic() + 2
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        worst.append(max(gaps))
        print(f"  2 s window: {len(gaps)} ticks, worst gap {worst[-1][0]} ms (GUI thread busy {worst[-1][1]} ms)")
    window.train_tab.stop(wait_ms=10_000)
    while window.train_tab.is_running():           # the end of the run arrives as an event
        app.processEvents()
        time.sleep(0.005)
    window.close()
    print(f"worst stall: median {statistics.median(w[0] for w in worst):.0f} ms, "
          f"best window {min(w[0] for w in worst)} ms, worst window {max(w[0] for w in worst)} ms")


if __name__ == "__main__":
    main()
