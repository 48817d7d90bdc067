"""The .safetensors export, read back by the safetensors package itself."""
import json

import numpy as np
import pytest
from helpers import digits

from network.model import Network
from network.storage import weights
from network.storage.export import save_safetensors

safetensors_numpy = pytest.importorskip("safetensors.numpy")


@pytest.mark.parametrize("biases", [True, False])
def test_tensors_read_back_bit_for_bit(tmp_path, biases):
    net = Network.create(784, 24, 10, activation="tanh", output="softmax" if biases else "sigmoid",
                         biases=biases, rng=5)
    if biases:
        net.b_h[:] = np.random.default_rng(1).normal(size=24)
    path = tmp_path / "net.safetensors"
    save_safetensors(net, path, {"note": "test"})
    tensors = safetensors_numpy.load_file(str(path))
    assert set(tensors) == {"0.weight", "0.bias", "2.weight", "2.bias"}
    for name, expected in (("0.weight", net.w_ih), ("0.bias", net.b_h), ("2.weight", net.w_ho),
                           ("2.bias", net.b_o)):
        assert tensors[name].dtype == np.float32
        assert tensors[name].tobytes() == expected.tobytes() and tensors[name].shape == expected.shape
    if not biases:
        assert not tensors["0.bias"].any() and not tensors["2.bias"].any()
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as f:
        meta = f.metadata()
    assert meta["activation"] == "tanh" and meta["output"] == net.output and meta["note"] == "test"
    assert meta["input_scaling"] == "x/255*0.99+0.01" and "Linear(784, 24)" in meta["architecture"]


def test_export_command_writes_the_bundled_network(tmp_path):
    out = tmp_path / "digits.safetensors"
    r = digits("export", "--out", out)
    assert r.returncode == 0, r.stderr
    net, meta = weights.load_bundled()
    tensors = safetensors_numpy.load_file(str(out))
    assert np.array_equal(tensors["0.weight"], net.w_ih) and np.array_equal(tensors["2.bias"], net.b_o)
    header_length = int.from_bytes(out.read_bytes()[:8], "little")
    header = json.loads(out.read_bytes()[8:8 + header_length])
    assert header["__metadata__"]["mnist_test_accuracy"] == f"{meta['test_accuracy']:.4f}"
    assert header_length % 8 == 0


def test_export_errors_are_one_sentence(tmp_path):
    r = digits("export", "--out", tmp_path / "nowhere" / "x.safetensors")
    assert r.returncode == 1 and r.stderr.startswith("digits: error: ") and len(r.stderr.splitlines()) == 1
    r = digits("export", "--weights", tmp_path / "missing.npz", "--out", tmp_path / "x.safetensors")
    assert r.returncode == 1 and "missing.npz does not exist" in r.stderr
    assert not (tmp_path / "x.safetensors").exists()
    r = digits("export")
    assert r.returncode == 2 and "--out" in r.stderr
