"""Digits' own file format (weights, personal examples, moments): every damage a file can carry ends
in one sentence, before anything large is read, and nothing ever waits on a pipe."""
import io
import json
import os
import stat
import struct
import zipfile

import numpy as np
import pytest

from network.errors import WeightsError
from network.storage import npz, weights
from network.teaching import hidden_moment
from network.teaching.personal import PersonalStore


def _npy(array):
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


def _weights_archive(path, meta_text=None):
    meta = meta_text if meta_text is not None else json.dumps(
        {"format": "digits-weights", "version": 1, "layers": [784, 2, 10], "activation": "relu",
         "output": "softmax", "biases": False})
    with zipfile.ZipFile(path, "w") as z:
        for name, array in (("w_ih", np.zeros((2, 784), np.float32)), ("w_ho", np.zeros((10, 2), np.float32)),
                            ("metadata", np.array(meta))):
            z.writestr(name + ".npy", _npy(array))
    return path


def _patch_headers(path, local_offset, central_offset, value):
    """Write the 2-byte ``value`` at an offset of every local header and central directory entry
    (zipfile writes only what it can read: a damaged or unusual archive is made by hand)."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset:start + offset + 2] = struct.pack("<H", value)
            start += 4
    path.write_bytes(bytes(data))
    return path


def _refused(path, *fragments):
    with pytest.raises(WeightsError) as info:
        weights.load(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".") and path.name in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_a_sound_archive_loads(tmp_path):
    net, meta = weights.load(_weights_archive(tmp_path / "ok.npz"))
    assert net.sizes == (784, 2, 10) and meta["activation"] == "relu"


def test_a_pipe_or_a_device_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)                                    # nobody writes: opening it to read would wait forever
    _refused(fifo, "not a regular file")
    _refused(tmp_path, "is a folder")
    with pytest.raises(WeightsError, match="not a regular file"):
        weights.load("/dev/zero")                      # would read forever


def test_an_encrypted_member_is_refused(tmp_path):
    path = _patch_headers(_weights_archive(tmp_path / "secret.npz"), 6, 8, 0x1)     # the encryption flag
    _refused(path, "encrypted")


def test_a_compression_digits_does_not_read_is_refused(tmp_path):
    path = _patch_headers(_weights_archive(tmp_path / "odd.npz"), 8, 10, 9)   # method 9, deflate64: unreadable
    _refused(path, "compressed in a way")


def test_deeply_nested_metadata_is_refused_before_it_is_parsed(tmp_path):
    _refused(_weights_archive(tmp_path / "deep.npz", "[" * 100_000 + "]" * 100_000), "not valid JSON")
    _refused(_weights_archive(tmp_path / "text.npz", "not json"), "not valid JSON")


def test_a_forged_header_is_refused_before_anything_is_allocated(tmp_path):
    path = tmp_path / "forged.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f4", "fortran_order": False, "shape": (50_000, 784)})
    with zipfile.ZipFile(path, "w") as z:          # 157 MB declared, a few bytes there
        z.writestr("w_ih.npy", header.getvalue())
        z.writestr("w_ho.npy", _npy(np.zeros((10, 50_000), np.float32)))
        z.writestr("metadata.npy", _npy(np.array(json.dumps({"format": "digits-weights", "version": 1}))))
    _refused(path, "w_ih declares more values than the file holds")


def test_every_kind_of_file_says_it_in_its_own_sentence(tmp_path):
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"PK\x03\x04 but not a zip")
    with pytest.raises(WeightsError, match="not a hidden-layer moment file of Digits: it is a damaged"):
        hidden_moment.load(junk)
    os.mkfifo(tmp_path / "personal.npz")
    store = PersonalStore(tmp_path / "personal.npz")
    with pytest.raises(Exception, match="cannot hold your personal examples: it is not a regular file"):
        store.load()
    assert (tmp_path / "personal.npz").exists()      # not moved aside: it is not a damaged store


def test_the_depth_of_json_is_counted_outside_strings():
    assert npz._depth('{"a": [1, {"b": "[[[["}], "c": "\\"["}') == 3
    assert npz._depth("[" * 50 + "]" * 50) == 50 and npz._depth('"x"') == 0


def _save(path):
    from network.model import Network
    from network.storage import weights

    weights.save(Network.create(784, 4, 10, rng=0), path)


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_a_save_never_replaces_what_is_not_its_own_file(tmp_path, kind):
    from network.errors import WeightsError

    target = tmp_path / "w.npz"
    if kind == "symlink":
        (tmp_path / "real.npz").write_bytes(b"mine")
        target.symlink_to(tmp_path / "real.npz")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with pytest.raises(WeightsError) as info:
        _save(target)
    assert "not a regular file" in str(info.value) and "\n" not in str(info.value)
    assert (kind != "symlink" or (target.is_symlink() and (tmp_path / "real.npz").read_bytes() == b"mine"))
    assert (kind != "fifo" or stat.S_ISFIFO(os.lstat(target).st_mode))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_overwriting_keeps_the_files_mode_and_a_new_file_gets_the_umasks(tmp_path, monkeypatch):
    target = tmp_path / "w.npz"
    _save(target)
    os.chmod(target, 0o600)
    def no_umask_calls(*args):
        raise AssertionError("the process's umask is another thread's too")
    monkeypatch.setattr(os, "umask", no_umask_calls)
    _save(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    monkeypatch.undo()
    old = os.umask(0o027)
    try:
        _save(tmp_path / "new.npz")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.npz").st_mode) == 0o640


def test_a_save_sweeps_the_leftovers_of_killed_saves_and_sigterm_leaves_none(tmp_path):
    import subprocess
    import sys
    import time

    stale = tmp_path / ".w.npz.dead0001.tmp"
    stale_other = tmp_path / ".other.safetensors.dead0003.tmp"    # a save of another name, killed
    fresh = tmp_path / ".w.npz.live0002.tmp"                # perhaps another process's save, right now
    not_ours = tmp_path / ".editor.tmp"
    for f in (stale, stale_other, fresh, not_ours):
        f.write_bytes(b"half")
    old = time.time() - 2 * 3600
    for f in (stale, stale_other, not_ours):
        os.utime(f, (old, old))
    _save(tmp_path / "w.npz")
    assert not stale.exists() and not stale_other.exists() and fresh.exists() and not_ours.exists()
    # SIGTERM in the middle of a save: the temporary file goes, the old file stays whole
    script = (
        "import sys, time\n"
        "from network.storage import files\n"
        "from network.cli import _interrupt_on_sigterm\n"
        "_interrupt_on_sigterm()\n"
        "def slow(f):\n"
        "    f.write(b'new'); print('writing', flush=True); time.sleep(30)\n"
        "try:\n"
        "    files.atomic_write(sys.argv[1], slow)\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n")
    (tmp_path / "kept.bin").write_bytes(b"whole")
    command = [sys.executable, "-c", script, str(tmp_path / "kept.bin")]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as saving:
        assert saving.stdout.readline() == b"writing\n"
        saving.terminate()
        assert saving.wait(20) == 130
    assert (tmp_path / "kept.bin").read_bytes() == b"whole"
    assert not list(tmp_path.glob(".kept.bin.*.tmp"))


def _forged(path, rows):
    """An examples store whose arrays declare ``rows`` rows and whose ZIP directory states sizes to
    match, while the file holds one row: sizes a ZIP states can be forged."""
    import io
    import struct
    import zipfile

    def npy(shape, body):
        buffer = io.BytesIO()
        np.lib.format.write_array_header_1_0(buffer, {"descr": "|u1", "fortran_order": False, "shape": shape})
        return buffer.getvalue() + body

    members = {"images.npy": npy((rows, 784), b"\0" * 784), "labels.npy": npy((rows,), b"\1"),
               "metadata.npy": None}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if data is None:
                meta = io.BytesIO()
                np.save(meta, np.array('{"format": "digits-personal", "version": 1}'))
                data = meta.getvalue()
            zf.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    for name, size in (("images.npy", rows * 784 + 128), ("labels.npy", rows + 128)):
        start = 0
        while True:                      # each central directory entry: uncompressed size at +24
            at = raw.find(b"PK\x01\x02", start)
            length = struct.unpack_from("<H", raw, at + 28)[0]
            if raw[at + 46:at + 46 + length].decode() == name:
                struct.pack_into("<I", raw, at + 24, size)
                break
            start = at + 4
    path.write_bytes(bytes(raw))


def test_sizes_forged_in_the_zip_directory_are_refused_before_anything_is_allocated(tmp_path):
    from network.teaching.personal import PersonalError, PersonalStore

    path = tmp_path / "personal.npz"
    _forged(path, 5_000_000)                     # 3.9 GB declared, in a file of a few hundred bytes
    assert path.stat().st_size < 2000
    with pytest.raises(npz.Unreadable, match="declares more"):
        with npz.read(path, 10_000_000):
            pass
    with pytest.raises(PersonalError, match="damaged"):
        PersonalStore(path).load()


def test_metadata_with_an_integer_of_thousands_of_digits_is_refused(tmp_path):
    path = tmp_path / "w.npz"
    np.savez(path, a=np.zeros(3, np.float32), metadata=np.array('{"format": "x", "n": ' + "1" * 5000 + "}"))
    with pytest.raises(npz.Unreadable) as error:
        with npz.read(path, 10_000_000) as archive:
            archive.metadata("x")
    assert "metadata" in str(error.value.reason)
