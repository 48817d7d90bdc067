"""The Inside tab: the article's three steps on the user's own drawing, with the real numbers.

It composes, and keeps up to date as the user draws (on the canvas the Draw
tab lends it while it is shown):

    PreprocessSteps    the drawing's way to the 784 inputs
    HiddenGrid         the hidden layer, most helpful neurons first; click one
    OutputBars         the 10 outputs: scores and probabilities
    NeuronCardView     the chosen neuron's card, and the neurons that pushed most
    EvidenceView       why this digit and not the runner-up, pixel by pixel
    TrainingStepView   one training step on this drawing; Apply / Revert
    ImaginedStrip      what the network imagines each digit looks like (in a worker)
    WeightChangesView  what teaching changed, when a taught network is in use

The numbers come from network.explain.inside (and network.explain.imagine); this file only
decides what to compute for what is on screen. ``applyStep(step)`` and
``revertStep()`` ask the window to change the network in use.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from network.explain import inside
from network.i18n import number, percent, tr

from ..language import Retranslatable
from ..tasks import Task
from ..widgets.steady_tabs import SteadyTabWidget
from . import jobs
from .changes_view import WeightChangesView
from .evidence_view import EvidenceView
from .hidden_grid import HiddenGrid
from .imagined_strip import ImaginedStrip
from .neuron_card import NeuronCardView
from .output_bars import OutputBars
from .preprocess_steps import PreprocessSteps
from .step_view import TrainingStepView

PUSHERS = 5             # neurons listed for and against the answer
LEFT_WIDTH = 330       # pixels for the canvas and the introduction
RESORT_AFTER = 0.25     # seconds without a change after which the hidden grid is sorted again


class InsideTab(Retranslatable, QWidget):
    """See the module docstring. Feed it ``set_network(net, metadata)`` and ``show_prediction(p)``."""

    applyStep = Signal(object)
    revertStep = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("insideView")
        self.drawing_slot = QVBoxLayout()
        self.intro = QLabel(objectName="insideIntro")
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.steps_title, self.hidden_title, self.outputs_title = QLabel(), QLabel(), QLabel()
        for title in (self.steps_title, self.hidden_title, self.outputs_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        self.steps = PreprocessSteps()
        self.hidden = HiddenGrid()
        self.outputs = OutputBars()
        self.doubt = QLabel(objectName="insideDoubt")     # "not a digit": score, threshold, what drove it
        self.doubt.setWordWrap(True)
        self.doubt.setTextFormat(Qt.TextFormat.PlainText)
        self.votes = QLabel(objectName="insideVotes")     # a taught network's examples voting for the drawing
        self.votes.setWordWrap(True)
        self.votes.setTextFormat(Qt.TextFormat.PlainText)
        self.card = NeuronCardView()
        self.evidence = EvidenceView()
        self.step = TrainingStepView()
        self.imagined = ImaginedStrip()
        self.changes = WeightChangesView()
        self.details = SteadyTabWidget(objectName="insideDetails")
        for page in (self.card, self.evidence, self.step, self.imagined, self.changes):
            self.details.addTab(page, "")
        self.imagining = Task(self)

        left_column = QWidget()
        left_column.setMaximumWidth(LEFT_WIDTH)        # the canvas is square: keep the room for the network
        left = QVBoxLayout(left_column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(self.drawing_slot)
        left.addWidget(self.intro, 1)
        layers = QGridLayout()
        layers.addWidget(self.hidden_title, 0, 0)
        layers.addWidget(self.outputs_title, 0, 1)
        layers.addWidget(self.hidden, 1, 0)
        layers.addWidget(self.outputs, 1, 1)
        layers.addWidget(self.doubt, 2, 0, 1, 2)
        layers.addWidget(self.votes, 3, 0, 1, 2)
        layers.setColumnStretch(0, 3)
        layers.setColumnStretch(1, 2)
        right = QVBoxLayout()
        right.addWidget(self.steps_title)
        right.addWidget(self.steps)
        right.addLayout(layers, 2)
        right.addWidget(self.details, 3)
        layout = QHBoxLayout(self)
        layout.addWidget(left_column, 0)
        layout.addLayout(right, 1)

        self._net = self._metadata = None
        self._doubt = None              # the drawing's inside.DoubtReport (None: none shown)
        self._votes = None              # the taught network's examples voting for it (None: it carries none)
        self._vote_floor = None         # how readily they vote for it (inside.VoteFloor), or None
        self._blank = None              # the blank canvas's trace: the evidence's reference
        self._prediction = None
        self._trace = None
        self._neuron = None             # chosen by a click; else the top pusher is shown
        self._other = None              # the digit the evidence compares with, when chosen
        self._label = None              # the digit the training step is for, when chosen
        self._rate = None
        self._before = None             # (probabilities, scores) before an applied step
        self._imagined = {}             # method -> jobs.Imagined for the network in use
        self._taught_from = None        # the network a taught one in use started from
        self._changes_shown = False     # the changes page shows this network (it does not follow the drawing)
        self._order = self._order_digit = None
        self._last_update = 0.0
        self._resort = QTimer(self, singleShot=True, interval=int(RESORT_AFTER * 1000) + 20)
        self._resort.timeout.connect(self.refresh)
        self._connect_signals()
        self.show_texts()

    def _connect_signals(self):
        self.hidden.neuronChosen.connect(self.choose_neuron)
        self.card.neuronChosen.connect(self.choose_neuron)
        self.evidence.otherChosen.connect(self._choose_other)
        self.step.labelChosen.connect(self._choose_label)
        self.step.rateChosen.connect(self._choose_rate)
        self.step.applyRequested.connect(self._apply)
        self.step.revertRequested.connect(self.revertStep)
        self.imagined.methodChosen.connect(self._imagine)
        self.details.currentChanged.connect(self._page_changed)
        self.imagining.progress.connect(lambda done_total: self.imagined.show_busy(*done_total))
        self.imagining.succeeded.connect(self._imagined_ready)
        self.imagining.failed.connect(lambda error: self.imagined.show_problem(str(error)))

    def show_texts(self):
        self.intro.setText(tr("inside.intro"))
        self.steps_title.setText(tr("inside.steps.title"))
        self.hidden_title.setText(tr("inside.hidden.title"))
        self.outputs_title.setText(tr("inside.outputs.heading"))
        for index, key in enumerate(("inside.tab.neuron", "inside.tab.evidence", "inside.tab.step",
                                     "inside.tab.imagine", "inside.tab.changes")):
            self.details.setTabText(index, tr(key))
            self.details.setTabToolTip(index, tr(key + ".tip"))
        self.doubt.setText(doubt_text(self._doubt, self._net))      # in the new language too
        self.votes.setText(votes_text(self._votes, self._vote_floor))

    # -- what the window feeds it ---------------------------------------------------------
    def hold_drawing_area(self, widget):
        """Show the Draw tab's canvas and its controls here (the window moves it)."""
        self.drawing_slot.addWidget(widget)

    def set_network(self, net, metadata):
        """The network in use changed (another one, or its weights were changed in place)."""
        self._net, self._metadata = net, metadata
        self._changes_shown = False
        self._blank = inside.blank_trace(net)
        self._imagined = {}
        self._order = None
        self.imagining.cancel()
        self._rate = None
        self.refresh()

    def show_prediction(self, prediction):
        """A new drawing (a network.reading.Reading); shown now if the tab is visible."""
        if prediction.guess is None:
            self._neuron = self._other = self._label = None
        self._prediction = prediction
        self.refresh()

    def set_taught_from(self, network):
        """The network in use was taught from ``network`` (None: it was not): the changes page compares."""
        self._taught_from = network
        self._changes_shown = False
        self.refresh()

    def stop_work(self, wait_ms=5000):
        """The window is closing: stop imagining and wait for the worker to end."""
        self._resort.stop()
        self.imagining.cancel()
        self.imagining.wait(wait_ms)

    def step_reverted(self):
        self.step.show_reverted()

    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    # -- keeping it up to date -----------------------------------------------------------------
    def refresh(self):
        """Compute what is on screen for the current drawing and network."""
        if not self.isVisible() or self._net is None:
            return
        if self.details.currentWidget() is self.changes and not self._changes_shown:
            self.changes.show_changes(None if self._taught_from is None else
                                      inside.weight_changes(self._taught_from, self._net))
            self._changes_shown = True
        p = self._prediction
        if p is None or p.guess is None:
            self._trace = None
            self.steps.show_stages(None, None)
            self.hidden.clear()
            self.outputs.show_outputs(None, None, None, None)
            self._doubt, self._votes, self._vote_floor = None, None, None
            self.doubt.setText(doubt_text(None, self._net))
            self.votes.setText("")
            self.card.show_card(None, (), (), None)
            self.evidence.clear()
            self.step.show_step(None)
            self._refresh_imagined()
            return
        net = self._net
        trace = self._trace = inside.trace(net, p.inputs)
        if self._before is not None:               # the first look after a step was applied
            probabilities, scores = self._before
            self.step.show_applied(probabilities, trace.probabilities, scores, trace.z_o)
            self._before = None
        digit = trace.digit
        pushes = inside.push(net, trace, digit)
        order = self._grid_order(pushes, digit)
        self.steps.show_stages(p.stages, p.inputs)
        self.hidden.show_layer(trace.a_h, pushes, order, digit, selected=self._neuron)
        self.outputs.show_outputs(trace.z_o, trace.probabilities, digit, trace.runner_up)
        self._doubt = inside.doubt(net, trace)
        self.doubt.setText(doubt_text(self._doubt, net))
        self._votes = inside.votes(net, trace) if net.votes is not None else None
        self._vote_floor = inside.vote_floor(net, trace)
        self.votes.setText(votes_text(self._votes, self._vote_floor))
        page = self.details.currentWidget()
        if page is self.card:
            self._refresh_card()
        elif page is self.evidence:
            self._refresh_evidence()
        elif page is self.step:
            self._refresh_step()
        else:
            self._refresh_imagined()

    def _grid_order(self, pushes, digit):
        """The hidden grid's order: sorted afresh when the answer changes or the drawing has
        rested a moment, kept while the user draws, so the cells change colour but stay put
        (and sorted once more when the drawing comes to rest)."""
        now = time.monotonic()
        fresh = inside.order(pushes)
        if self._order is None or digit != self._order_digit or now - self._last_update > RESORT_AFTER:
            self._order, self._order_digit = fresh, digit
        elif not np.array_equal(fresh, self._order):
            self._resort.start()
        self._last_update = now
        return self._order

    def _refresh_card(self):
        net, trace = self._net, self._trace
        pushers_for = inside.top_pushers(net, trace, trace.digit, PUSHERS)
        against = inside.top_pushers(net, trace, trace.digit, PUSHERS, negative=True)
        neuron = self._neuron if self._neuron is not None else pushers_for[0].neuron
        self.card.show_card(inside.neuron_card(net, trace, neuron), pushers_for, against, trace.digit)

    def _refresh_evidence(self):
        net, trace, blank = self._net, self._trace, self._blank
        other = self._other if self._other not in (None, trace.digit) else trace.runner_up
        evidence = inside.evidence(net, None, trace.digit, other, tr=trace, blank=blank)
        self.evidence.show_evidence(evidence, self._prediction.picture, trace.digit, other,
                                    float(trace.z_o[trace.digit]), float(trace.z_o[other]),
                                    float(blank.z_o[trace.digit] - blank.z_o[other]))

    def _refresh_step(self):
        net, trace = self._net, self._trace
        label = self._label if self._label is not None else trace.digit
        if self._rate is None:
            self._rate = inside.default_lr(self._metadata, net, per_example=True)
        step = inside.training_step(net, None, label, self._rate, tr=trace)
        self.step.show_step(step, self._order, net.w_ho, net.output, trace.probabilities)

    def _refresh_imagined(self):
        if self.details.currentWidget() is not self.imagined:
            return
        method = self.imagined.current_method()
        if method in self._imagined:
            self.imagined.show_imagined(self._imagined[method])
        elif not self.imagining.is_running():
            self._imagine(method)

    # -- the user's choices ----------------------------------------------------------------------
    def _page_changed(self, _index):
        self._changes_shown = False
        self.refresh()

    def choose_neuron(self, neuron):
        """Show hidden neuron ``neuron``'s card."""
        self._neuron = neuron
        self.details.setCurrentWidget(self.card)
        self.refresh()

    def _choose_other(self, digit):
        self._other = digit
        self.refresh()

    def _choose_label(self, digit):
        self._label = digit
        self.refresh()

    def _choose_rate(self, rate):
        self._rate = rate
        self.refresh()

    def _apply(self):
        if self._trace is None:
            return
        net, trace = self._net, self._trace
        label = self._label if self._label is not None else trace.digit
        self._label = label                     # keep training towards this digit after the change
        self._before = (trace.probabilities, trace.z_o)
        self.applyStep.emit(inside.training_step(net, None, label, self._rate, tr=trace))

    def _imagine(self, method):
        if method in self._imagined:
            self.imagined.show_imagined(self._imagined[method])
            return
        self.imagining.start(jobs.imagine, self._net, method)      # supersedes one still imagining
        self.imagined.show_busy(0, 1)

    def _imagined_ready(self, imagined):
        self._imagined[imagined.method] = imagined
        if imagined.method == self.imagined.current_method():
            self.imagined.show_imagined(imagined)


def votes_text(votes, floor=None):
    """The lines on a taught network's examples voting for the drawing (``inside.votes``) and how
    readily they do (``floor``, an inside.VoteFloor, or None), or ""."""
    if votes is None:
        return ""
    said = tr("inside.votes.none") if not votes else tr("inside.votes", votes="; ".join(
        tr("inside.vote", example=v.example, digit=v.digit, adds=number(v.adds, 2), similarity=number(v.similarity, 2))
        for v in votes))
    if floor is not None:
        said += "\n" + tr("inside.votes.theirs" if floor.like_theirs else "inside.votes.mnist",
                          style=number(floor.style, 1), limit=number(floor.limit, 1), floor=number(floor.floor, 2))
    return said


def doubt_text(doubt, net):
    """The Inside tab's line on "not a digit" (an inside.DoubtReport, or None: no drawing or no such output)."""
    if net is not None and net.doubt is None:
        return tr("inside.doubt.none")
    if doubt is None:
        return ""

    def neurons(pushers):
        return ", ".join(f"#{p.neuron} (" + ("+" if p.push >= 0 else "") + f"{number(p.push, 2)})" for p in pushers) or "-"

    return tr("inside.doubt.refused" if doubt.refused else "inside.doubt.accepted",
              probability=percent(doubt.probability, 1), threshold=percent(doubt.threshold, 0),
              score=number(doubt.score, 2), digit=doubt.digit, digit_score=number(doubt.digit_score, 2),
              drivers=neurons(doubt.drivers), against=neurons(doubt.against))
