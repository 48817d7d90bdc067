"""Rules of the house that a convention alone would not keep."""
import json
import pkgutil
import subprocess
import sys

import numpy as np

import network
from network.data.mnist import Dataset
from network.model import Network
from network.train import _article_epoch_steps


def test_no_module_of_network_imports_qt():
    """network/ is the engine: importing any of its modules in a fresh interpreter loads no Qt
    and no pyqtgraph (the window is one user of the engine, not part of it)."""
    modules = sorted(f"network.{m.name}" for m in pkgutil.iter_modules(network.__path__))
    assert len(modules) > 10
    script = ("import importlib, json, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('PySide6', 'PyQt5', 'PyQt6', 'PySide2', 'shiboken6', 'pyqtgraph'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_classic_fast_path_is_the_articles_rule_sample_by_sample():
    """One epoch of the BLAS fast path the classic preset uses gives the weights that
    Network.train_article gives when applied to the same samples in the same order."""
    rng = np.random.default_rng(11)
    images = rng.integers(0, 256, (150, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, 150).astype(np.uint8)
    data = Dataset(images, labels, "random")
    fast = Network.create(784, 12, 10, rng=3)
    slow = fast.copy()
    order = rng.permutation(150)
    for _ in _article_epoch_steps(fast, 0.3, data, order, epoch=1, chunk=40):
        pass
    for i in order:
        targets = np.full(10, 0.01, np.float32)
        targets[labels[i]] = 0.99
        slow.train_article(images[i] / 255 * 0.99 + 0.01, targets, 0.3)
    assert not np.allclose(fast.w_ih, Network.create(784, 12, 10, rng=3).w_ih)     # it did learn
    np.testing.assert_allclose(fast.w_ih, slow.w_ih, atol=1e-5)
    np.testing.assert_allclose(fast.w_ho, slow.w_ho, atol=1e-5)
