"""Weight files: round trips, the article's format, and refusal of anything broken or dangerous."""
import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from network.errors import WeightsError
from network.model import Network
from network.storage import weights


@pytest.fixture
def net():
    return Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0)


def test_round_trip_keeps_everything(tmp_path, net):
    path = tmp_path / "w.npz"
    weights.save(net, path, test_accuracy=0.97, training={"epochs": 3})
    loaded, meta = weights.load(path)
    for p, q in zip(net.parameters(), loaded.parameters()):
        assert np.array_equal(p, q)
    assert (loaded.activation, loaded.output, loaded.has_biases) == ("relu", "softmax", True)
    assert meta["test_accuracy"] == 0.97 and meta["training"] == {"epochs": 3}
    assert meta["layers"] == [784, 16, 10] and meta["format"] == "digits-weights" and meta["version"] == 1
    assert meta["input_scaling"] == "x/255*0.99+0.01" and "created" in meta
    with np.load(path, allow_pickle=False) as z:        # a plain, documented format
        assert set(z.files) == {"w_ih", "w_ho", "b_h", "b_o", "metadata"}
        assert z["w_ih"].dtype == np.float32 and z["w_ih"].shape == (16, 784)


def test_network_without_biases_round_trips(tmp_path):
    plain = Network.create(784, 8, 10, rng=1)
    weights.save(plain, tmp_path / "a.npz")
    loaded, _ = weights.load(tmp_path / "a.npz")
    assert not loaded.has_biases and np.array_equal(loaded.w_ho, plain.w_ho)


def test_loads_the_articles_pair_of_matrices(tmp_path):
    rng = np.random.default_rng(0)
    wih, who = rng.normal(0, 0.03, (200, 784)), rng.normal(0, 0.07, (10, 200))
    np.savez(tmp_path / "rashid.npz", wih=wih, who=who)
    loaded, meta = weights.load(tmp_path / "rashid.npz")
    assert np.allclose(loaded.w_ih, wih) and np.allclose(loaded.w_ho, who)
    assert (loaded.activation, loaded.output, loaded.has_biases) == ("sigmoid", "sigmoid", False)
    assert meta["layers"] == [784, 200, 10]
    np.savez(tmp_path / "positional.npz", wih, who)
    assert weights.load(tmp_path / "positional.npz")[0].sizes == (784, 200, 10)


def _refused(path, *fragments):
    with pytest.raises(WeightsError) as info:
        weights.load(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    for fragment in fragments:
        assert fragment in message
    return message


def _write(tmp_path, arrays, meta=None, name="bad.npz", **save_kwargs):
    path = tmp_path / name
    if meta is not None:
        arrays = {**arrays, "metadata": np.array(json.dumps(meta))}
    np.savez(path, **arrays, **save_kwargs)
    return path


def _meta(hidden=16, **changes):
    return {"format": "digits-weights", "version": 1, "layers": [784, hidden, 10], "activation": "relu",
            "output": "softmax", "biases": False, **changes}


def test_refuses_random_bytes_and_missing_files(tmp_path):
    rng = np.random.default_rng(0)
    for k in range(300):            # seeded: random bytes once started with 0x80, a pickle's first byte
        (tmp_path / "noise.npz").write_bytes(rng.bytes(500))
        _refused(tmp_path / "noise.npz", "noise.npz", "not a weight file")
    (tmp_path / "noise.npz").write_bytes(b"\x80\x00" + rng.bytes(498))    # 0x80, but no pickle protocol
    _refused(tmp_path / "noise.npz", "noise.npz", "not a weight file")
    _refused(tmp_path / "none.npz", "does not exist")
    _refused(tmp_path, "is a folder")


def test_refuses_a_damaged_archive(tmp_path, net):
    path = tmp_path / "w.npz"
    weights.save(net, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "w.npz")


def test_never_unpickles(tmp_path):
    evil = tmp_path / "evil.npz"
    np.savez(evil, w_ih=np.array([object()], dtype=object), w_ho=np.zeros((10, 1)),
             metadata=np.array(json.dumps(_meta(1))))
    _refused(evil, "pickled")
    raw = tmp_path / "raw.npz"
    raw.write_bytes(pickle.dumps({"w_ih": np.zeros(3)}))
    _refused(raw, "pickle")


def test_refuses_mis_shaped_arrays(tmp_path):
    path = _write(tmp_path, {"w_ih": np.zeros((16, 700), np.float32), "w_ho": np.zeros((10, 16), np.float32)}, _meta())
    _refused(path, "w_ih has shape (16, 700), expected (16, 784)")
    path = _write(tmp_path, {"w_ih": np.zeros((16, 784), np.float32), "w_ho": np.zeros((9, 16), np.float32)}, _meta())
    _refused(path, "w_ho")


def test_refuses_nan_and_infinity(tmp_path):
    w_ih = np.zeros((16, 784), np.float32)
    w_ih[3, 5] = np.nan
    _refused(_write(tmp_path, {"w_ih": w_ih, "w_ho": np.zeros((10, 16), np.float32)}, _meta()), "NaN")
    who = np.zeros((10, 16))
    who[0, 0] = np.inf
    np.savez(tmp_path / "a.npz", wih=np.zeros((16, 784)), who=who)
    _refused(tmp_path / "a.npz", "NaN or infinite")


def test_refuses_absurd_sizes_before_reading_them(tmp_path):
    """A header may claim 10^12 weights: it is refused from the header, nothing is allocated."""
    path = tmp_path / "huge.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False,
                                                  "shape": (1_000_000, 1_000_000)})
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("w_ih.npy", header.getvalue())
        z.writestr("w_ho.npy", header.getvalue())
        z.writestr("metadata.npy", _npy(np.array(json.dumps(_meta(1_000_000)))))
    _refused(path, "huge.npz", "declares more values than the file holds")


def _npy(array):
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


def test_refuses_wrong_metadata(tmp_path, net):
    arrays = {"w_ih": net.w_ih, "w_ho": net.w_ho}
    _refused(_write(tmp_path, arrays, _meta(format="other")), "not a Digits weight file")
    _refused(_write(tmp_path, arrays, _meta(version=99)), "version 99")
    _refused(_write(tmp_path, arrays, _meta(layers=[100, 16, 10])), "100-16-10")
    _refused(_write(tmp_path, arrays, _meta(activation="swish")), "activation")
    _refused(_write(tmp_path, {"x": np.zeros(3)}), "not a weight file")
    path = tmp_path / "text.npz"
    np.savez(path, metadata=np.array("{not json"), **arrays)
    _refused(path, "JSON")


def test_refuses_integer_weights(tmp_path):
    path = _write(tmp_path, {"w_ih": np.zeros((16, 784), np.int64), "w_ho": np.zeros((10, 16), np.int64)}, _meta())
    _refused(path, "not floating-point")


def test_save_is_atomic_when_writing_fails(tmp_path, net, monkeypatch):
    path = tmp_path / "keep.npz"
    weights.save(net, path, test_accuracy=0.5)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", crash)
    other = Network.create(784, 4, 10, rng=3)
    with pytest.raises(WeightsError, match="No space left"):
        weights.save(other, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.npz"]     # no temporary left behind


def test_save_into_a_missing_folder_is_one_sentence(tmp_path, net):
    with pytest.raises(WeightsError, match="could not save"):
        weights.save(net, tmp_path / "nowhere" / "w.npz")


def test_saved_file_is_readable_by_others(tmp_path, net):
    path = tmp_path / "w.npz"
    weights.save(net, path)
    assert path.stat().st_mode & 0o044          # not the 0600 of a temporary file


def test_bundled_weights_load_and_are_accurate():
    net, meta = weights.load_bundled()
    assert net.sizes[0] == 784 and net.sizes[2] == 10
    assert meta["test_accuracy"] >= 0.99


def test_refuses_an_empty_hidden_layer(tmp_path):
    np.savez(tmp_path / "empty.npz", wih=np.zeros((0, 784)), who=np.zeros((10, 0)))
    _refused(tmp_path / "empty.npz", "empty.npz", "hidden nodes")
    path = _write(tmp_path, {"w_ih": np.zeros((0, 784), np.float32), "w_ho": np.zeros((10, 0), np.float32)},
                  _meta(hidden=0), name="empty2.npz")
    _refused(path, "empty2.npz", "hidden nodes")


def test_weights_too_large_to_compute_with_are_refused(tmp_path):
    """Finite but huge weights (3e38) made every answer NaN ("nan% sure", NaN in --json)."""
    from network.errors import WeightsError

    net = Network.create(784, 8, 10, activation="relu", output="softmax", biases=True, rng=0)
    net.w_ih[:] = 3e38
    weights.save(net, tmp_path / "huge.npz")
    with pytest.raises(WeightsError, match="too large to compute with"):
        weights.load(tmp_path / "huge.npz")
