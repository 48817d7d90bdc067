"""The Teach tab: the person's own examples, and teaching the network their handwriting.

    PersonalExamplesView   the examples kept with "It's a 7" (Draw tab): delete,
                           relabel, clear, export, import
    Teach / Cancel         fine-tunes a copy of the network in use (app/teach/jobs.py teach, in a Task);
                           when that is a taught network, a copy of the one it was taught from
                           (network.teaching.taught_from: teaching again does not pile up forgetting)
    the result             before and after: on the examples (k-fold) and on MNIST when it is there
    Use / Undo / Save      ``useTaught(network, metadata)``, ``undoTaught()``, ``saveTaught(...)``

The examples live in the user data folder (network.teaching.personal.PersonalStore);
a damaged store is kept aside by the store and said here in one sentence.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget

from network.data.mnist import DataSource
from network.errors import DigitsError
from network.i18n import Number, Percent, Text, tr
from network.teaching.personal import PersonalStore, empty
from network.teaching.taught_from import start_of

from ..language import Retranslatable, set_text
from ..tasks import Task
from ..widgets.colour_scale import PROBLEM_STYLE
from ..widgets.dialogs import confirm
from . import jobs
from .examples_view import PersonalExamplesView

REMEMBERING = Text("teach.remembering")     # said while a network from elsewhere gets its moment


class TeachTab(Retranslatable, QWidget):
    """See the module docstring. ``set_network(net, metadata, name)`` tells it the network in use."""

    asking = Signal(object, object)         # a session's request (a Text, and the digit asked), or (None, None)
    useTaught = Signal(object, dict)
    undoTaught = Signal()
    saveTaught = Signal(object, dict)

    def __init__(self, dialogs, data_source=DataSource.find, store=None, parent=None):
        """data_source() -> the DataSource where MNIST may be (the Train tab's choice)."""
        super().__init__(parent)
        self.dialogs, self.data_source = dialogs, data_source
        self.store = store if store is not None else PersonalStore()
        self.examples_view = PersonalExamplesView()
        self.intro = QLabel(objectName="teachIntro")
        self.intro.setWordWrap(True)
        self.teach_button = QPushButton(objectName="teachButton")
        self.ask_button = QPushButton(objectName="askButton")
        self.ask_count = QSpinBox(objectName="askCount")       # how many drawings a session asks for at most
        self.ask_count.setRange(10, 100)
        self.ask_count.setValue(20)
        self.cancel_button = QPushButton(objectName="cancelTeachButton")
        self.progress = QProgressBar(objectName="teachProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)           # "0%" before any teaching, not an empty field
        self.result = QLabel(objectName="teachResult")
        self.result.setWordWrap(True)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel(objectName="teachMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.use_button = QPushButton(objectName="useTaughtButton")
        self.undo_button = QPushButton(objectName="undoTaughtButton")
        self.save_button = QPushButton(objectName="saveTaughtButton")
        self.teaching = Task(self)
        self.importing = Task(self)
        self.session_teaching = Task(self)      # a session: teaching after each drawing, in the background
        self._session = None                    # a network.teaching.asking.Session while Digits asks
        self._reading = None                    # how it read the last drawing given in the session

        run = QHBoxLayout()
        run.addWidget(self.ask_button)
        run.addWidget(self.ask_count)
        run.addWidget(self.teach_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        keep = QHBoxLayout()
        for button in (self.use_button, self.undo_button, self.save_button):
            keep.addWidget(button)
        keep.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.intro)
        right.addLayout(run)
        right.addWidget(self.message)
        right.addWidget(self.result, 1)
        right.addLayout(keep)
        layout = QHBoxLayout(self)
        layout.addWidget(self.examples_view, 3)
        layout.addLayout(right, 2)

        self._net = self._metadata = self._name = None
        self._examples = empty()
        self._outcome = None            # the last teaching: jobs.TeachOutcome
        self._taught = None             # the examples it was taught (a Dataset)
        self._can_undo = False          # the network in use is a taught one that Undo can take back
        self._problem = None            # a Text, shown in ``message``
        self._latest = None             # makes the latest news shown in ``result`` (see _show_result)
        self._connect_signals()
        self.reload()
        self.show_texts()

    def _connect_signals(self):
        self.teach_button.clicked.connect(self.start_teaching)
        self.ask_button.clicked.connect(lambda: self.stop_session() if self._session else self.start_session())
        self.session_teaching.succeeded.connect(self._session_taught)
        self.cancel_button.clicked.connect(self.teaching.cancel)
        self.use_button.clicked.connect(self._use)
        self.undo_button.clicked.connect(self._undo)
        self.save_button.clicked.connect(lambda: self._outcome and self.saveTaught.emit(
            self._outcome.network, self._outcome.metadata))
        self.examples_view.deleteRequested.connect(self.delete)
        self.examples_view.relabelRequested.connect(self.relabel)
        self.examples_view.clearRequested.connect(self.clear)
        self.examples_view.exportRequested.connect(self.export)
        self.examples_view.importRequested.connect(self.import_folder)
        self.teaching.progress.connect(self._progress)
        self.teaching.succeeded.connect(self._taught_now)
        self.importing.progress.connect(self._progress)
        self.importing.succeeded.connect(self._imported)
        for task in (self.teaching, self.importing):
            task.failed.connect(lambda error: self._say(error.args[0] if error.args else str(error)))
            task.cancelled.connect(lambda sentence: self._say(sentence or Text("teach.cancelled")))
            task.ended.connect(self._ended)

    @property
    def outcome(self):
        """The last teaching's result (an app.teach.jobs.TeachOutcome), or None before any."""
        return self._outcome

    # -- what the window tells it ------------------------------------------------------
    def set_network(self, net, metadata, name, can_undo=False):
        """The network in use (``name``: what the taught one's metadata calls where it started;
        ``can_undo``: it is a taught network that Undo can take back)."""
        self._net, self._metadata, self._name, self._can_undo = net, metadata, name, can_undo
        self._enable()

    def add_example(self, picture, digit):
        """Keep a drawing (uint8 (28, 28)) as an example of ``digit``; returns how many there are now
        (None when it could not be kept: the sentence is shown here). While Digits asks, the drawing is
        read first, by the network taught so far, then taught in the background."""
        reading = self._session.give(picture, digit) if self._session is not None else None
        count = self._change(lambda: self.store.add(picture, digit))
        if reading is not None and count is not None:
            self._reading = reading
            self.asking.emit(Text("teach.session.teaching", digit=digit, read_as=reading.read_as,
                                  verdict=Text("teach.session.right" if reading.right else "teach.session.wrong")),
                             None)
            self.session_teaching.start(_session_job, self._session.start, self._session.examples(),
                                        self._session.config, self._session.mean)
        return count

    # -- a session: Digits asks for the drawings it needs ---------------------------------
    def start_session(self, asked=None):
        """Digits asks for drawings (network.teaching.asking.Session), from the network in use (a
        taught one: from where it started), counting the examples kept already."""
        from network.teaching.asking import ASKED, Session

        if self._net is None or self.is_busy():
            return
        net, _, _ = start_of(self._net, self._metadata)
        self._session = Session(net, self._examples if len(self._examples) else None,
                                asked or self.ask_count.value() or ASKED)
        self._reading = None
        self.show_texts()
        self._ask_next()

    def stop_session(self):
        """Stop asking; what was taught is kept: the examples are taught and measured as Teach does."""
        if self._session is None:
            return
        self._session = None
        self.session_teaching.cancel()
        self.asking.emit(None, None)
        self.show_texts()
        if len(self._examples):
            self.start_teaching()

    def _session_taught(self, network):
        if self._session is None or network is None:
            return
        self._session.network = network
        self._ask_next()

    def _ask_next(self):
        request = self._session.ask()
        if request is None:
            self.stop_session()
            return
        self.asking.emit(Text("teach.session.ask", digit=request.digit, reason=request.reason,
                              count=len(self._session.labels) + 1, asked=self._session.asked,
                              before=self._reading_said()), request.digit)

    def _reading_said(self):
        r = self._reading
        if r is None:
            return ""
        return Text("teach.session.read", digit=r.digit, read_as=r.read_as,
                    verdict=Text("teach.session.right" if r.right else "teach.session.wrong"))

    def in_session(self):
        return self._session is not None

    def stop_work(self, wait_ms=5000):
        for task in (self.teaching, self.importing, self.session_teaching):
            task.cancel()
            task.wait(wait_ms)

    def is_busy(self):
        return self.teaching.is_running() or self.importing.is_running()

    # -- the examples ------------------------------------------------------------------
    def reload(self):
        """Read the store again (a damaged one is kept aside and said once; the view shows none)."""
        if self._change(self.store.load) is None:
            self._examples = empty()
            self.examples_view.set_examples(self._examples)

    def delete(self, rows):
        self._edit(lambda: self.store.delete(rows, shown=self._examples))

    def relabel(self, rows, digit):
        self._edit(lambda: self.store.relabel(rows, digit, shown=self._examples))

    def _edit(self, edit):
        """Delete or relabel the examples shown at some rows: the store finds those pictures where
        they are now, and says how many another window had deleted or changed already."""
        gone = []

        def change():
            edited = edit()
            gone.append(edited.gone)
            return edited.examples

        if self._change(change) is not None and gone[0]:
            self._say(Text("teach.gone", count=gone[0]))

    def clear(self):
        if confirm(self, tr("teach.clear.title"), tr("teach.clear.question", count=len(self._examples))):
            self._change(self.store.clear)

    def export(self):
        folder = self.dialogs.folder(tr("teach.export.title"))
        if folder:
            try:
                count = self.store.export(folder)
            except DigitsError as e:
                self._say(e.args[0])
                return
            self._say(None)
            self._show_result(lambda: tr("teach.exported", count=Number(count), folder=folder))

    def import_folder(self):
        folder = self.dialogs.folder(tr("teach.import.title"))
        if folder and not self.is_busy():
            self._start_progress()
            self.importing.start(jobs.import_examples, self.store, folder)
            self._busy()

    def _change(self, change):
        """Run a change of the store; show the examples it leaves, or the one sentence why not."""
        try:
            self._examples = change()
        except DigitsError as e:
            self._say(e.args[0])
            return None
        self._say(None)
        self.examples_view.set_examples(self._examples)
        self._enable()
        return len(self._examples)

    # -- teaching ----------------------------------------------------------------------
    def start_teaching(self):
        if self.is_busy() or self._net is None:
            return
        if not len(self._examples):
            self._say(Text("error.teach.no_examples"))
            return
        self._say(None)
        self._outcome = None
        self._taught = self._examples           # the examples the readings will be of
        self._start_progress()
        self._show_result(lambda: "")
        net, metadata, name = start_of(self._net, self._metadata)
        self.teaching.start(jobs.teach, net, metadata, name or self._name, self._examples, self.data_source())
        self._busy()

    def _busy(self):
        self.examples_view.set_busy(True)
        self._enable()

    def _progress(self, event):
        if isinstance(event, jobs.Remembering):        # once for a network from another machine
            self._say(REMEMBERING)
            return
        self._done_remembering()
        self.progress.setValue(max(self.progress.value(), int(1000 * event.fraction())))
        self.progress.setFormat(tr(f"teach.stage.{event.stage}") + " %p%")

    def _done_remembering(self):
        if self._problem == REMEMBERING:
            self._say(None)

    def _imported(self, imported):
        self._examples = imported.examples
        self.examples_view.set_examples(imported.examples)
        self._say(None)
        self._finish_progress()

        def said():
            text = tr("teach.imported", added=Number(imported.added), skipped=Number(imported.skipped))
            return text if imported.passed is None else f"{text}\n{imported.passed}"
        self._show_result(said)

    def _taught_now(self, result):
        self._done_remembering()
        self._outcome = result
        if self._examples is self._taught:      # none was added, deleted or relabelled meanwhile
            self.examples_view.show_readings(result.read_after)
        self._finish_progress()
        self._show_result(self._result_text)
        self.show_texts()

    def _ended(self):
        self.examples_view.set_busy(False)
        self._enable()

    def _use(self):
        if self._outcome is not None:
            self.useTaught.emit(self._outcome.network, self._outcome.metadata)

    def _undo(self):
        if self._can_undo:
            self.undoTaught.emit()

    # -- showing -------------------------------------------------------------------------
    def _say(self, sentence):
        """Show ``sentence`` (a problem, in red; the note that the network is being measured
        first, in the usual colour) or nothing."""
        self._problem = sentence
        self.message.setStyleSheet("" if sentence == REMEMBERING else PROBLEM_STYLE)
        self.message.setText(str(sentence) if sentence else "")

    def _enable(self):
        running = self.is_busy()
        self.teach_button.setEnabled(not running and len(self._examples) > 0)
        self.cancel_button.setEnabled(running)
        in_use = self._outcome is not None and self._net is self._outcome.network
        self.use_button.setEnabled(self._outcome is not None and not in_use and not running)
        self.undo_button.setEnabled(self._can_undo)
        self.save_button.setEnabled(self._outcome is not None)

    def show_texts(self):
        self.intro.setText(tr("teach.intro"))
        set_text(self.teach_button, "teach.teach", "teach.teach.tip")
        set_text(self.ask_button, "teach.session.stop" if self._session else "teach.session.start",
                 "teach.session.tip")
        self.ask_count.setToolTip(tr("teach.session.count.tip"))
        self.ask_count.setSuffix(tr("teach.session.count.suffix"))
        set_text(self.cancel_button, "teach.cancel", "teach.cancel.tip")
        set_text(self.use_button, "teach.use", "teach.use.tip")
        set_text(self.undo_button, "teach.undo", "teach.undo.tip")
        set_text(self.save_button, "teach.save", "teach.save.tip")
        self.message.setText(str(self._problem) if self._problem else "")
        self.result.setText(self._latest() if self._latest is not None else "")     # in the new language
        self._enable()

    def _show_result(self, text):
        """Show the latest news (a teaching's result, an import, an export): ``text()`` makes it,
        again in the new language when the language changes."""
        self._latest = text
        self.result.setText(text())

    def _start_progress(self):
        self.progress.setValue(0)
        self.progress.setFormat("%p%")

    def _finish_progress(self):
        self.progress.setValue(1000)
        self.progress.setFormat(tr("teach.stage.done") + " %p%")

    def _result_text(self):
        o = self._outcome
        if o is None:
            return ""
        seconds = Number(o.seconds, 1, group=False)
        waited = Number(o.waited if o.waited is not None else o.seconds, 1, group=False)
        if o.personal_after is None:        # one example: no network taught without it to read it
            lines = [tr("teach.result.done", examples=Number(1), seconds=seconds, waited=waited),
                     tr("teach.result.personal.one.right" if o.personal_before == 1 else "teach.result.personal.one.wrong")]
        else:
            def read_right(share):          # a share of the examples, said as a count of them
                return Number(round(share * o.examples))

            lines = [tr("teach.result.done", examples=Number(o.examples), seconds=seconds, waited=waited),
                     tr("teach.result.personal", examples=Number(o.examples), before=read_right(o.personal_before),
                        after=read_right(o.personal_after)),
                     tr("teach.method.loo") if o.folds == o.examples else tr("teach.method.kfold", folds=o.folds)]
            if o.still_wrong:
                from network.teaching.teach import still_wrong_sentence  # imported by the teaching that made o

                lines.append(still_wrong_sentence(o.still_wrong))
        lines.append(tr("teach.result.mnist", before=Percent(o.mnist_before), after=Percent(o.mnist_after))
                     if o.mnist_after is not None else tr("teach.result.no_mnist"))
        return "<br>".join(lines)


def _session_job(state, start, examples, config, mean):
    """A session's teaching after a drawing, on a worker: the network that reads the next one."""
    from network.teaching.asking import taught

    return taught(start, examples, config, mean, should_stop=state.stopped)
