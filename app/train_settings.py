"""The training settings form: a preset fills the fields, every field explains itself."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox)

from network.activations import HIDDEN_ACTIVATIONS
from network.train import DEFAULT_PRESET, PRESETS

PRESET_TIPS = {
    "classic": "The article exactly: 100 sigmoid nodes, one pass over the data one image at a time (about 95%).",
    "fast": "The default: about 99% in well under a minute.",
    "best": "The most accurate network with one hidden layer; takes about ten minutes.",
}


class TrainSettings(QGroupBox):
    """``config()`` returns the TrainConfig the fields describe, ``training_images()`` how many
    training images to use, ``preset_name()`` the preset it started from."""

    def __init__(self, parent=None):
        super().__init__("Settings", parent)
        self.preset = QComboBox(objectName="presetCombo")
        for name in PRESETS:
            self.preset.addItem(name)
            self.preset.setItemData(self.preset.count() - 1, PRESET_TIPS[name], 3)   # ToolTipRole
        self.preset.setToolTip("A starting point: choosing one fills in the fields below.")
        self.hidden = _spin(QSpinBox(objectName="hiddenSpin"), 1, 4096,
                            "How many hidden nodes sit between the 784 pixels and the 10 answers.")
        self.activation = QComboBox(objectName="activationCombo")
        self.activation.addItems(HIDDEN_ACTIVATIONS)
        self.activation.setToolTip("How a hidden node turns its input into its output: "
                                   "sigmoid is the article's; relu learns fastest.")
        self.lr = _spin(QDoubleSpinBox(objectName="learningRateSpin"), 0.0001, 10.0,
                        "How big a step each correction takes: too big and learning goes wild, "
                        "too small and it crawls.")
        self.lr.setDecimals(4)
        self.lr.setSingleStep(0.01)
        self.epochs = _spin(QSpinBox(objectName="epochsSpin"), 1, 500,
                            "How many times the network goes through all the training images.")
        self.batch = _spin(QSpinBox(objectName="batchSpin"), 1, 4096,
                           "How many images it looks at before each correction (1 = the article's one at a time).")
        self.augment = QCheckBox("Distort training images", objectName="augmentCheck")
        self.augment.setToolTip("Randomly rotate, stretch, bend and thicken the training digits, "
                                "so the network copes with how people really write.")
        self.seed = _spin(QSpinBox(objectName="seedSpin"), 0, 2**31 - 1,
                          "The random seed: the same seed and settings train the same network again.")
        self.limit = _spin(QSpinBox(objectName="limitSpin"), 100, 60000,
                           "How many of the 60,000 training images to use; fewer trains faster but learns less.")
        self.limit.setSingleStep(1000)
        self.limit.setValue(60000)

        form = QFormLayout(self)
        form.addRow("Preset", self.preset)
        form.addRow("Hidden nodes", self.hidden)
        form.addRow("Activation", self.activation)
        form.addRow("Learning rate", self.lr)
        form.addRow("Epochs", self.epochs)
        form.addRow("Batch size", self.batch)
        form.addRow("Training images", self.limit)
        form.addRow("Seed", self.seed)
        form.addRow("", self.augment)

        self.preset.currentTextChanged.connect(self.apply_preset)
        self.apply_preset(DEFAULT_PRESET)
        self.preset.setCurrentText(DEFAULT_PRESET)

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
        base = PRESETS[self.preset.currentText()]
        activation = self.activation.currentText()
        if base.rule == "article" and activation != "sigmoid":
            base = replace(base, rule="gradient")       # the article's rule needs sigmoid nodes
        return replace(base, hidden=self.hidden.value(), activation=activation, lr=self.lr.value(),
                       epochs=self.epochs.value(), batch_size=self.batch.value(),
                       augment=self.augment.isChecked(), seed=self.seed.value()).check()

    def training_images(self):
        return self.limit.value()

    def preset_name(self):
        return self.preset.currentText()


def _spin(spin, low, high, tip):
    spin.setRange(low, high)
    spin.setToolTip(tip)
    return spin
