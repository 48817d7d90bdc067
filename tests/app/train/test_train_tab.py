"""The Train tab: train live without freezing, stop, pause, close, hand the network on."""
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from strokes import SHAPES, draw, on_canvas

from app.main_window import MainWindow
from app.tasks import live_threads
from app.train import jobs
from network.data.mnist import load_mnist
from network.evaluate import accuracy
from network.model import Network
from network.teaching import hidden_moment
from network.train import TrainConfig


@pytest.fixture
def window(qtbot, settings, synthetic_mnist):
    settings.setValue("dataFolder", str(synthetic_mnist))
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.prepared, timeout=5000):    # as a user would: the window has settled
        w.show()
    w.tabs.setCurrentWidget(w.train_tab)
    yield w
    w.train_tab.stop(wait_ms=5000)


def _set(window, hidden=32, epochs=2, preset="fast", augment=False):
    form = window.train_tab.form
    window.findChild(object, "presetCombo").setCurrentText(preset)
    window.findChild(object, "hiddenSpin").setValue(hidden)
    window.findChild(object, "epochsSpin").setValue(epochs)
    form.augment.setChecked(augment)


def _click(qtbot, window, name):
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_a_tiny_run_to_the_end_shows_the_right_accuracy(window, qtbot, synthetic_mnist):
    _set(window)
    with qtbot.waitSignal(window.train_tab.trainingFinished, timeout=60_000) as blocker:
        _click(qtbot, window, "trainButton")
    shown = blocker.args[0]
    with qtbot.waitSignal(window.train_tab.useNetwork) as handed:
        _click(qtbot, window, "useNetworkButton")
    network, metadata = handed.args
    _, test = load_mnist(synthetic_mnist)
    assert shown == pytest.approx(accuracy(network, test)) == pytest.approx(metadata["test_accuracy"])
    assert metadata["training_images"] == 2000 and metadata["training"]["hidden"] == 32
    assert f"{shown:.2%}" in window.findChild(QLabel, "accuracyLabel").text()
    assert shown > 0.9
    assert window.findChild(object, "epochProgress").value() == 1000
    assert window.findChild(object, "runProgress").value() == 1000
    matrix = window.findChild(object, "confusionMatrix")
    assert sum(int(matrix.item(i, j).text() or 0) for i in range(10) for j in range(10)) == 500
    assert window.train_tab.plots.test_curve.getData()[1] is not None
    assert hidden_moment.for_network(network) is not None        # kept, so teaching it holds MNIST
    qtbot.waitUntil(lambda: not live_threads(), timeout=5000)


def test_the_weight_grid_changes_as_it_learns(window, qtbot, monkeypatch):
    monkeypatch.setattr(jobs, "SNAPSHOT_INTERVAL", 0.02)       # the pictures come often: no waiting
    _set(window, hidden=64, epochs=500)
    grid = window.findChild(object, "trainingWeightGrid")
    _click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: grid.updates >= 2, timeout=20_000)
    first = grid.view.grab().toImage()
    before = grid.updates
    qtbot.waitUntil(lambda: grid.updates >= before + 3, timeout=20_000)
    assert grid.view.grab().toImage() != first                 # the pictures change as it learns
    window.train_tab.stop(wait_ms=5000)


def test_the_weights_are_sent_at_most_every_snapshot_interval(monkeypatch, tiny):
    """The job sends the weight pictures at most every SNAPSHOT_INTERVAL of training time (twice a
    second): the clock is the training's own, played here by events, so no test waits for it."""
    from network.train import Progress

    net = Network.create(784, 36, 10, rng=0)

    def fake_train(config, train_set, test_set):
        for k in range(31):                                   # a batch every 0.1 s for 3 s
            yield Progress(1, 1, k + 1, 31, 0.5, 0.5, 0.1 * k, net)

    monkeypatch.setattr(jobs, "train", fake_train)
    sent = []

    class State:
        def report(self, event, urgent=False):
            sent.append(event)

        def should_stop(self):
            return False

    train_set, test_set = tiny
    assert jobs.load_and_train(State(), None, TrainConfig(), data=(train_set, test_set)) is None
    times = [sent[i + 1].elapsed for i, e in enumerate(sent) if isinstance(e, jobs.WeightSnapshot)]
    assert len(times) == 6 and all(b - a >= jobs.SNAPSHOT_INTERVAL - 1e-9 for a, b in zip(times, times[1:]))
    assert all(e.weights.shape == (jobs.SNAPSHOT_NEURONS, 784) for e in sent if isinstance(e, jobs.WeightSnapshot))


def test_stop_while_remembering_ends_it_between_chunks(tiny, monkeypatch):
    """After training the moment is computed (tens of seconds at 4,096 hidden neurons): Stop, and
    closing the window, end it at its next chunk instead of waiting for it."""
    from network.train import Finished

    net = Network.create(784, 36, 10, rng=0)
    monkeypatch.setattr(hidden_moment, "CHUNK", 10)
    chunks = []
    hidden = Network.hidden
    monkeypatch.setattr(Network, "hidden", lambda self, x: chunks.append(len(x)) or hidden(self, x))

    def fake_train(config, train_set, test_set):
        yield Finished(net, TrainConfig(), 0.5, 1.0, 600)

    monkeypatch.setattr(jobs, "train", fake_train)

    class State:
        def report(self, event, urgent=False):
            pass

        def should_stop(self):                   # Stop pressed during the third chunk
            return len(chunks) >= 3

    outcome = jobs.load_and_train(State(), None, TrainConfig(), data=tiny)
    assert len(chunks) == 3                      # of 60: it stopped at the next chunk
    assert outcome.finished.network is net       # and the trained network is not lost for it


def test_stop_after_an_epoch_keeps_the_network_as_it_was_then(window, qtbot):
    """Stop during epoch 3: the network after epoch 2 is offered to Use or Save, with its test
    accuracy (what the window shows is what that network reads)."""
    _set(window, hidden=32, epochs=200)
    _click(qtbot, window, "trainButton")
    tab = window.train_tab
    qtbot.waitUntil(lambda: len(tab.plots._epochs) >= 2, timeout=30_000)
    _click(qtbot, window, "stopButton")
    use = window.findChild(QPushButton, "useNetworkButton")
    qtbot.waitUntil(use.isEnabled, timeout=10_000)
    outcome = tab._outcome
    kept = window.findChild(QLabel, "epochLabel").text()
    assert f"The network as it was after epoch {outcome.stopped_after} of 200 is kept" in kept
    assert outcome.stopped_after >= 2 and outcome.metadata["stopped_after_epoch"] == outcome.stopped_after
    said = window.findChild(QLabel, "accuracyLabel").text()
    assert said.startswith(f"Test accuracy after epoch {outcome.stopped_after}: ") and "(stopped)" in said
    test = outcome.test_set
    assert accuracy(outcome.finished.network, test) == pytest.approx(outcome.evaluation.accuracy)
    _click(qtbot, window, "useNetworkButton")
    assert window.active.network is outcome.finished.network


def test_stop_mid_run_takes_effect_quickly(window, qtbot):
    _set(window, hidden=256, epochs=200)
    _click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.findChild(object, "runProgress").value() > 0, timeout=20_000)
    _click(qtbot, window, "stopButton")
    train_button = window.findChild(QPushButton, "trainButton")
    qtbot.waitUntil(train_button.isEnabled, timeout=5000)       # what the user sees: ready again (200 epochs
    # would take minutes: Stop acts between batches)
    assert not window.train_tab.is_running()
    finished_epochs = len(window.train_tab.plots._epochs)        # (at 256 hidden, often none: then nothing
    use = window.findChild(QPushButton, "useNetworkButton")       # is kept, and it says so)
    assert use.isEnabled() == (finished_epochs > 0)
    if not finished_epochs:
        assert "nothing was kept" in window.findChild(QLabel, "epochLabel").text()


def test_pause_and_resume(window, qtbot):
    _set(window, hidden=64, epochs=50)
    _click(qtbot, window, "trainButton")
    progress = window.findChild(object, "runProgress")
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=20_000)
    title = window.findChild(QLabel, "accuracyLabel")
    assert title.text() == "Training…"
    _click(qtbot, window, "pauseButton")
    assert window.findChild(QPushButton, "pauseButton").text() == "Resume" and title.text() == "Paused."
    qtbot.wait(150)                      # let a report already in flight arrive
    frozen = progress.value()
    qtbot.wait(300)                      # a fixed wait on purpose, three report intervals: nothing may happen
    assert progress.value() == frozen
    _click(qtbot, window, "pauseButton")
    assert title.text() == "Training…"
    qtbot.waitUntil(lambda: progress.value() > frozen, timeout=10_000)
    with qtbot.waitSignal(window.train_tab.training.ended, timeout=10_000):
        _click(qtbot, window, "stopButton")
    kept = window.train_tab._outcome is not None         # an epoch had finished: its network is kept
    assert title.text() == "Stopped." if not kept else title.text().endswith("(stopped)")
    assert "left" not in window.train_tab.controls.speed.text()


def test_closing_mid_run_asks_then_stops_cleanly(window, qtbot, monkeypatch):
    _set(window, hidden=256, epochs=200)
    _click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.findChild(object, "runProgress").value() > 0, timeout=20_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.close()                      # "No": the window stays, training goes on
    assert window.train_tab.is_running()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.close()
    assert not live_threads()


def test_missing_data_offers_the_choices(qtbot, settings, tmp_path):
    settings.setValue("dataFolder", str(tmp_path / "empty"))
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.train_tab)
    status = w.findChild(QLabel, "dataStatus").text()
    assert "not in" in status and str(tmp_path / "empty") in status
    for name in ("downloadButton", "chooseFolderButton", "chooseCsvButton"):
        assert w.findChild(QPushButton, name).isVisible()
    qtbot.mouseClick(w.findChild(QPushButton, "trainButton"), Qt.MouseButton.LeftButton)
    assert "download it or choose" in w.findChild(QLabel, "trainMessage").text()


def test_a_failed_download_says_why_and_leaves_nothing(qtbot, settings, tmp_path, monkeypatch):
    folder = tmp_path / "dl"
    settings.setValue("dataFolder", str(folder))
    monkeypatch.setenv("DIGITS_MNIST_MIRRORS", "http://127.0.0.1:9/")
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    qtbot.mouseClick(w.findChild(QPushButton, "downloadButton"), Qt.MouseButton.LeftButton)
    message = w.findChild(QLabel, "trainMessage")
    qtbot.waitUntil(lambda: "could not download" in message.text().lower(), timeout=20_000)
    assert not [p for p in folder.iterdir()] if folder.exists() else True
    qtbot.waitUntil(w.findChild(QPushButton, "downloadButton").isEnabled, timeout=5000)   # once the work has ended


def test_preset_fills_the_fields(window):
    window.findChild(object, "presetCombo").setCurrentText("classic")
    assert window.findChild(object, "hiddenSpin").value() == 100
    assert window.findChild(object, "epochsSpin").value() == 1
    assert window.train_tab.form.activation.currentText() == "sigmoid"
    assert window.train_tab.form.config().rule == "article"
    for name in ("presetCombo", "hiddenSpin", "epochsSpin", "learningRateSpin", "batchSpin", "seedSpin",
                 "augmentCheck", "activationCombo"):
        assert window.findChild(object, name).toolTip()


def test_use_this_network_changes_the_draw_tab(window, qtbot):
    in_use = window.active.network
    _set(window, hidden=16, epochs=1)
    with qtbot.waitSignal(window.train_tab.trainingFinished, timeout=60_000):
        _click(qtbot, window, "trainButton")
    assert window.active.network is in_use               # untouched until the user chooses
    canvas = window.draw_tab.canvas
    _click(qtbot, window, "useNetworkButton")
    assert window.active.network is not in_use and window.active.network.sizes == (784, 16, 10)
    assert window.active.origin == "trained network" and "trained network" in window.weights_line.text()
    assert window.tabs.currentWidget() is window.draw_tab
    for stroke in SHAPES[7]:
        draw(canvas, on_canvas(canvas, stroke))
    trained = window.draw_tab.predictor.predict_now()
    window.restore_bundled()
    bundled = window.draw_tab.predictor.predict_now()
    assert window.active.origin == "bundled weights" and window.active.network.sizes == (784, 1200, 10)
    assert "bundled weights" in window.weights_line.text()
    assert not np.allclose(trained.probabilities, bundled.probabilities)
    assert bundled.digit == 7


def test_the_saved_metadata_is_what_was_trained(window, qtbot, tmp_path, monkeypatch):
    """Changing the fields after a run changes nothing about the network that run made."""
    window.findChild(object, "limitSpin").setValue(1500)
    _set(window, hidden=16, epochs=1)
    with qtbot.waitSignal(window.train_tab.trainingFinished, timeout=60_000):
        _click(qtbot, window, "trainButton")
    window.findChild(object, "limitSpin").setValue(700)
    window.findChild(object, "hiddenSpin").setValue(99)
    out = tmp_path / "trained.npz"
    monkeypatch.setattr(window.dialogs, "save_file", lambda *args, **kwargs: str(out))
    _click(qtbot, window, "saveTrainedButton")
    from network.storage import weights

    net, meta = weights.load(out)
    assert net.sizes == (784, 16, 10)
    assert meta["training_images"] == 1500 and "1,500 training images" in meta["trained_on"]
    assert meta["training"]["hidden"] == 16 and meta["preset"] == "fast"


def test_cancelling_a_download_says_so_and_keeps_nothing(qtbot, settings, tmp_path, monkeypatch):
    """A mirror that answers very slowly: Cancel ends the download at once, leaving no file."""
    import socket
    import threading as th

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def slow():
        conn, _ = server.accept()
        accepted.append(conn)
        conn.recv(1024)
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 9912422\r\n\r\n")
        for _ in range(200):
            try:
                conn.sendall(b"\0" * 1024)
            except OSError:
                return
            time.sleep(0.05)

    th.Thread(target=slow, daemon=True).start()
    folder = tmp_path / "dl"
    settings.setValue("dataFolder", str(folder))
    monkeypatch.setenv("DIGITS_MNIST_MIRRORS", f"http://127.0.0.1:{server.getsockname()[1]}/")
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.mouseClick(w.findChild(QPushButton, "downloadButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.findChild(object, "downloadProgress").value() > 0, timeout=10_000)
    qtbot.mouseClick(w.findChild(QPushButton, "cancelDownloadButton"), Qt.MouseButton.LeftButton)
    message = w.findChild(QLabel, "trainMessage")
    qtbot.waitUntil(lambda: "cancelled" in message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not w.train_tab.is_running(), timeout=5000)
    assert list(folder.iterdir()) == []
    for conn in accepted:
        conn.close()
    server.close()


def test_plots_exist_soon_after_the_window_opens(qtbot, settings):
    """The plots are built just after start-up, even if the Train tab is never opened."""
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.findChild(object, "lossPlot") is not None, timeout=3000)
    assert w.findChild(object, "accuracyPlot") is not None
    assert w.tabs.currentWidget() is w.draw_tab


def test_the_progress_bars_say_what_they_are_before_any_run(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    assert w.findChild(object, "epochProgress").text() == "epoch 0%"
    assert w.findChild(object, "runProgress").text() == "run 0%"


def test_the_loss_axis_reads_in_epochs_from_the_first_batch(qtbot, settings):
    """During the first epoch the x values are 0.001-0.8 epochs: the axis says "epoch", never
    "epoch (x0.001)" with ticks up to 800."""
    from network.train import Progress

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.train_tab)
    plots = w.train_tab.plots
    plots.ensure_built()
    for k in range(1, 9):
        plots.add_progress(Progress(1, 10, 100 * k, 1000, 0.5, 0.01 * k, 0.1 * k, None))
    plots.redraw()
    qtbot.wait(300)                             # the views take their new ranges
    for plot in (plots.loss_plot, plots.accuracy_plot):
        for side in ("bottom", "left"):
            axis = plot.getAxis(side)
            assert "x0.001" not in axis.labelString() and "(x" not in axis.labelString()
    assert plots.loss_plot.getAxis("bottom").labelText == "epoch"


def test_the_plots_right_click_menu_is_ours(qtbot, settings, monkeypatch):
    """pyqtgraph's menus are never made (making and dropping the view box's menu once crashed
    Python 3.10 with PySide6); ours shows the whole curve again and copies the picture."""
    import importlib

    from PySide6.QtGui import QGuiApplication
    view_box_module = importlib.import_module("pyqtgraph.graphicsItems.ViewBox.ViewBox")   # the module, not the class
    made = []
    menu = view_box_module.ViewBoxMenu
    monkeypatch.setattr(view_box_module, "ViewBoxMenu", lambda view: made.append(view) or menu(view))
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.prepared, timeout=5000):
        w.show()
    w.tabs.setCurrentWidget(w.train_tab)
    plot = w.findChild(object, "lossPlot")
    item = plot.getPlotItem()
    assert made == [] and item.getViewBox().menu is None
    assert not item.menuEnabled() and not item.getViewBox().menuEnabled() and plot.scene().contextMenu == []
    assert [a.text() for a in plot.actions()] == ["Show the whole curve", "Copy the picture"]
    item.getViewBox().setXRange(5, 6)                  # as after zooming in: auto range is off
    assert not item.getViewBox().autoRangeEnabled()[0]
    w.findChild(object, "lossPlotShowAll").trigger()
    assert item.getViewBox().autoRangeEnabled()[0]
    QGuiApplication.clipboard().clear()
    w.findChild(object, "lossPlotCopy").trigger()
    assert QGuiApplication.clipboard().pixmap().size() == plot.size() and plot.width() > 100


def test_the_confusion_matrix_says_how_it_reads_and_no_cell_is_current_before_a_run(window):
    matrix = window.findChild(object, "confusionMatrix")
    assert window.findChild(QLabel, "matrixTitle").text().startswith("Rows: the true digit. Columns:")
    assert matrix.currentRow() == -1 and matrix.currentColumn() == -1 and matrix.item(0, 0) is None
