"""The training settings form: a preset fills the fields, every field explains itself."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox

from network.activations import HIDDEN_ACTIVATIONS
from network.i18n import Number, tr
from network.train import DEFAULT_PRESET, PRESETS

from ..language import Retranslatable

PRESET_TEXTS = {
    "classic": ("settings.preset.classic", "settings.preset.classic.tip"),
    "fast": ("settings.preset.fast", "settings.preset.fast.tip"),
    "best": ("settings.preset.best", "settings.preset.best.tip"),
}
"""Preset name -> ids of its name in the list and of its tooltip."""


class TrainSettings(Retranslatable, QGroupBox):
    """``config()`` returns the TrainConfig the fields describe, ``training_images()`` how many
    training images to use, ``preset_name()`` the preset it started from."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preset = QComboBox(objectName="presetCombo")
        for name in PRESETS:
            self.preset.addItem("", name)       # the name the engine knows is the item's data
        self.hidden = _spin(QSpinBox(objectName="hiddenSpin"), 1, 4096)
        self.activation = QComboBox(objectName="activationCombo")
        self.activation.addItems(HIDDEN_ACTIVATIONS)
        self.lr = _spin(QDoubleSpinBox(objectName="learningRateSpin"), 0.0001, 10.0)
        self.lr.setDecimals(4)
        self.lr.setSingleStep(0.01)
        self.epochs = _spin(QSpinBox(objectName="epochsSpin"), 1, 500)
        self.batch = _spin(QSpinBox(objectName="batchSpin"), 1, 4096)
        self.augment = QCheckBox(objectName="augmentCheck")
        self.seed = _spin(QSpinBox(objectName="seedSpin"), 0, 2**31 - 1)
        self.limit = _spin(QSpinBox(objectName="limitSpin"), 100, 60000)
        self.limit.setSingleStep(1000)
        self.limit.setValue(60000)

        self._labels = {}           # field -> (its label, id of the label's text, id of the field's tip)
        form = QFormLayout(self)
        for field, text, tip in ((self.preset, "settings.preset", "settings.preset.tip"),
                                 (self.hidden, "settings.hidden", "settings.hidden.tip"),
                                 (self.activation, "settings.activation", "settings.activation.tip"),
                                 (self.lr, "settings.lr", "settings.lr.tip"),
                                 (self.epochs, "settings.epochs", "settings.epochs.tip"),
                                 (self.batch, "settings.batch", "settings.batch.tip"),
                                 (self.limit, "settings.limit", "settings.limit.tip"),
                                 (self.seed, "settings.seed", "settings.seed.tip")):
            label = QLabel()
            form.addRow(label, field)
            self._labels[field] = (label, text, tip)
        form.addRow("", self.augment)

        self.preset.currentIndexChanged.connect(lambda: self.apply_preset(self.preset_name()))
        self.apply_preset(DEFAULT_PRESET)
        self.preset.setCurrentIndex(self.preset.findData(DEFAULT_PRESET))
        self.show_texts()

    def show_texts(self):
        self.setTitle(tr("settings.title"))
        for i in range(self.preset.count()):
            text, tip = PRESET_TEXTS[self.preset.itemData(i)]
            self.preset.setItemText(i, tr(text))
            self.preset.setItemData(i, tr(tip), Qt.ItemDataRole.ToolTipRole)
        for field, (label, text, tip) in self._labels.items():
            label.setText(tr(text))
            field.setToolTip(tr(tip, images=Number(self.limit.maximum())))    # the limit's tip counts them
        self.augment.setText(tr("settings.augment"))
        self.augment.setToolTip(tr("settings.augment.tip"))

    def apply_preset(self, name):
        """Fill every field from the preset."""
        c = PRESETS[name]
        self.hidden.setValue(c.hidden)
        self.activation.setCurrentText(c.activation)
        self.lr.setValue(c.lr)
        self.epochs.setValue(c.epochs)
        self.batch.setValue(c.batch_size)
        self.augment.setChecked(c.augment)
        self.seed.setValue(c.seed)

    def config(self):
        """The preset with the fields' values; raises ConfigError for nonsense."""
        base = PRESETS[self.preset_name()]
        activation = self.activation.currentText()
        if base.rule == "article" and activation != "sigmoid":
            base = replace(base, rule="gradient")       # the article's rule needs sigmoid nodes
        return replace(base, hidden=self.hidden.value(), activation=activation, lr=self.lr.value(),
                       epochs=self.epochs.value(), batch_size=self.batch.value(),
                       augment=self.augment.isChecked(), seed=self.seed.value()).check()

    def training_images(self):
        return self.limit.value()

    def preset_name(self):
        """The preset's name as the engine knows it ('classic', 'fast', 'best')."""
        return self.preset.currentData()


def _spin(spin, low, high):
    spin.setRange(low, high)
    return spin
