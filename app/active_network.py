"""The network the window uses, which file it came from, and its recorded accuracy.

A network that exists only in this session (trained or taught here, or
changed by training steps) is kept in the user data folder (``keep``): a
moment after it is put in use or changed, and again when the window closes.
It is put in use again at the next start, so neither closing Digits nor a
crash loses a network.

Both undos live here: ``revert`` undoes the training steps applied in the
Inside tab, ``undo_taught`` puts back the network a taught one replaced.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from network.i18n import Percent, Text
from network.storage import weights
from network.storage.files import user_data_dir

KEPT_NAME = "network-in-use.npz"


def kept_path():
    """Where ``keep`` writes: beside the MNIST folder and the personal examples."""
    return user_data_dir() / KEPT_NAME


class ActiveNetwork(QObject):
    """Holds the network in use. ``changed`` fires after every swap, on the GUI thread.

    ``load`` raises WeightsError (one sentence) and leaves the current network
    as it was when a file is bad.
    """

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.network = None
        self.metadata = {}
        self.path = None
        self.origin = ""            # the file's name, or a Text (the bundled weights, a trained network)
        self._saved = None           # the parameters before the first training step applied here
        self.steps_applied = 0
        self._on_kept = False        # kept_path() holds the network in use as it is now
        self._before_taught = None   # (network, metadata, path, origin) that the taught network in use replaced

    def load(self, path, origin=None):
        net, meta = weights.load(path)          # raises before anything changes
        self.set(net, meta, path, origin)

    def load_bundled(self):
        net, meta = weights.load_bundled()
        self.set(net, meta, None)

    def set(self, net, metadata, path=None, origin=None):
        """Put a network in use: loaded from ``path``, the bundled one (no path), or made in this
        session (``origin`` says how, a Text such as 'trained network'; it has no file yet). A taught
        network's Undo no longer applies."""
        self._before_taught = None
        self._put(net, metadata, path, origin)

    def use_taught(self, net, metadata):
        """Put a taught network in use, keeping the one it replaces for ``undo_taught``."""
        before = (self.network, self.metadata, self.path, self.origin)
        self._put(net, metadata, None, Text("status.origin.taught"), before)

    def undo_taught(self):
        """Put back the network the taught one in use replaced (nothing when there is none)."""
        if self._before_taught is not None:
            self._put(*self._before_taught, None)

    def can_undo_taught(self):
        return self._before_taught is not None

    def taught_from(self):
        """The network the taught network in use replaced (what teaching changed is measured
        against it), or None."""
        return None if self._before_taught is None else self._before_taught[0]

    def _put(self, net, metadata, path, origin, before_taught=None):
        self._before_taught = before_taught
        self.network, self.metadata = net, dict(metadata)
        self.path = Path(path) if path else None
        self.origin = origin or (self.path.name if self.path else Text("status.origin.bundled"))
        self._saved, self.steps_applied = None, 0
        self._on_kept = self.path is not None and self.path == kept_path()
        self.changed.emit()

    def apply_step(self, step):
        """Change the network in use by one training step (network.explain.inside.TrainingStep)."""
        from network.explain import inside

        if self._saved is None:
            self._saved = [p.copy() for p in self.network.parameters()]
        inside.apply_step(self.network, step)
        self.steps_applied += 1
        self._on_kept = False
        self.changed.emit()

    def revert(self):
        """Undo every step applied since the network was put in use: the weights bit for bit."""
        if self._saved is None:
            return
        for p, saved in zip(self.network.parameters(), self._saved):
            np.copyto(p, saved)
        self._saved, self.steps_applied = None, 0
        self._on_kept = False        # the kept file may hold the network with the steps
        self.changed.emit()

    def save(self, path):
        """Save the network in use (atomically), keeping its training metadata."""
        weights.save(self.network, path, **self.metadata)
        self.path, self.origin = Path(path), Path(path).name
        self.changed.emit()

    def needs_keeping(self):
        """True when the network in use is on no file as it is: made here, or changed by steps."""
        made_here = self.path is None and getattr(self.origin, "key", None) != "status.origin.bundled"
        return self.network is not None and (made_here or self.steps_applied > 0)

    def keep(self):
        """Save the network in use to ``kept_path()`` (atomically) and return that path; the network
        in use stays as it is. WeightsError (one sentence) when the folder cannot be written."""
        path = kept_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass                # weights.save says why in one sentence
        weights.save(self.network, path, **self.metadata)
        self._on_kept = True
        return path

    def keep_if_needed(self):
        """``keep`` when the kept file does not hold the network in use as it is, but should: the
        network is on no file (``needs_keeping``), or it came from the kept file and has changed
        since (steps applied or reverted). Returns the path written, or None when nothing was."""
        from_kept = self.path is not None and self.path == kept_path()
        if self._on_kept or not (self.needs_keeping() or from_kept):
            return None
        return self.keep()

    def source_name(self):
        """What metadata calls this network (in English, as all metadata): its file's name, or how it
        was made."""
        if self.path is not None:
            return self.path.name
        return {"status.origin.bundled": "bundled weights", "status.origin.trained": "network trained in the window",
                "status.origin.taught": "network taught in the window"}.get(getattr(self.origin, "key", None),
                                                                             str(self.origin))

    def file_name(self):
        """A name for saving this network that says what it is: digits-784-1200-10[-taught].npz
        (-trained, -taught, -kept for a network on no file; -stepped after training steps)."""
        how = {"status.origin.trained": "-trained", "status.origin.taught": "-taught",
               "status.origin.kept": "-kept"}.get(getattr(self.origin, "key", None), "")
        if self.path is not None:
            how = ""
        stepped = "-stepped" if self.steps_applied else ""
        shape = "-".join(map(str, self.network.sizes)) if self.network is not None else "weights"
        return f"digits-{shape}{how}{stepped}.npz"

    def accuracy(self):
        """The recorded MNIST test accuracy (0..1), or None if the file has none (or one that is no
        share: nan, inf, 7, true)."""
        value = self.metadata.get("test_accuracy")
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        return value if ok else None

    def describe(self):
        """One line for the status bar (a Text)."""
        acc = self.accuracy()
        shape = "-".join(map(str, self.network.sizes)) if self.network is not None else Text("status.weights.none")
        recorded = Text("status.weights.accuracy", accuracy=Percent(acc)) if acc is not None \
            else Text("status.weights.no_accuracy")
        changed = Text("status.weights.steps", steps=self.steps_applied) if self.steps_applied else ""
        return Text("status.weights", origin=self.origin, shape=shape,
                    activation=self.network.activation if self.network else "", recorded=recorded, changed=changed)
