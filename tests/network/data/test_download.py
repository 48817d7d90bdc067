"""download_mnist against a real HTTP server on 127.0.0.1, with small fake MNIST files."""
from __future__ import annotations

import gzip
import hashlib
import http.server
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import SHARED

from network.data.download import download_mnist
from network.data.mnist import MNIST_FILES
from network.errors import Cancelled, DownloadError

NAMES = [f.name for f in MNIST_FILES]
SHARED_MNIST = SHARED / "mnist"


# -- fake MNIST files -------------------------------------------------------------
def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fake_idx(name, count):
    """IDX-like bytes: images of random pixels, or labels 0-9."""
    rng = np.random.default_rng(len(name) * 1000 + count)
    if "images" in name:
        header = (2051).to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in (count, 28, 28))
        body = rng.integers(0, 256, count * 784, dtype=np.uint8).tobytes()
    else:
        header = (2049).to_bytes(4, "big") + count.to_bytes(4, "big")
        body = rng.integers(0, 10, count, dtype=np.uint8).tobytes()
    return header + body


@pytest.fixture(scope="module")
def fakes():
    """name -> (gzip bytes, raw bytes); the images span several 64 KiB chunks."""
    out = {}
    for name in NAMES:
        raw = fake_idx(name, 300 if "train" in name else 120)
        out[name] = (gzip.compress(raw, compresslevel=9, mtime=0), raw)
    return out


@pytest.fixture(scope="module")
def table(fakes):
    """The files= table for the fakes: (archive sha256, content sha256)."""
    return {name: (sha256(gz), sha256(raw)) for name, (gz, raw) in fakes.items()}


# -- the loopback server ------------------------------------------------------------
class Handler(http.server.BaseHTTPRequestHandler):
    """Serves /<mirror>/<name> from server.mirrors[mirror] (a folder); some paths misbehave.

    server.drop:    send the full Content-Length, write half the body, close.
    server.chunked: chunked encoding, cut off in the middle of a chunk.
    server.stall:   wait (without answering) until the test ends.
    """

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        mirror, _, name = self.path.strip("/").partition("/")
        folder = server.mirrors.get(mirror)
        if self.path in server.stall:
            server.release.wait(10)
            return
        if folder is None or not (Path(folder) / name).is_file():
            self.send_error(404)
            return
        body = (Path(folder) / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if self.path in server.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n" % len(body) + body[: len(body) // 2])
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if self.path in server.drop else body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A ThreadingHTTPServer on 127.0.0.1; ``server.url(mirror)`` is a mirror's base URL."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.mirrors, srv.requests = {}, []
    srv.drop, srv.chunked, srv.stall = set(), set(), set()
    srv.release = threading.Event()
    srv.url = lambda mirror: f"http://127.0.0.1:{srv.server_address[1]}/{mirror}/"
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def mirror_folder(tmp_path, server, mirror, files):
    """A folder served as mirror ``mirror`` holding name -> bytes."""
    folder = tmp_path / "served" / mirror
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    server.mirrors[mirror] = folder
    return server.url(mirror)


@pytest.fixture
def good(tmp_path, server, fakes):
    """The URL of a mirror serving the four fake files correctly."""
    return mirror_folder(tmp_path, server, "good", {n: gz for n, (gz, _) in fakes.items()})


def leftovers(folder):
    """Temporary files download_mnist must never leave behind."""
    return [p.name for p in Path(folder).iterdir() if ".part" in p.name or p.name.startswith(".")]


def assert_one_sentence(message):
    assert "\n" not in message
    assert message.endswith(".")
    assert message.count(". ") == 0, message


# -- the tests ------------------------------------------------------------------------
def test_good_mirror_delivers_verified_files_with_progress(tmp_path, good, fakes, table):
    calls = []
    out = tmp_path / "data" / "nested"
    result = download_mnist(out, mirrors=(good,), files=table,
                            progress=lambda done, total: calls.append((done, total)))
    assert result == out
    for name, (gz, _) in fakes.items():
        assert (out / name).read_bytes() == gz
    assert leftovers(out) == []
    total = sum(len(gz) for gz, _ in fakes.values())
    assert calls[-1] == (total, total)
    assert len(calls) > len(NAMES) + 1  # per chunk, not per file
    assert all(0 <= done <= t for done, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)  # never goes backwards here


def test_second_mirror_used_when_first_answers_404(tmp_path, server, good, table):
    empty = mirror_folder(tmp_path, server, "empty", {})
    out = tmp_path / "data"
    download_mnist(out, mirrors=(empty, good), files=table)
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert sum(r.startswith("/empty/") for r in server.requests) == 4
    assert sum(r.startswith("/good/") for r in server.requests) == 4


def test_corrupted_file_on_only_mirror_is_refused(tmp_path, server, fakes, table):
    served = {n: gz for n, (gz, _) in fakes.items()}
    bad = "train-labels-idx1-ubyte.gz"
    served[bad] = gzip.compress(b"\0\0\x08\x01" + bytes(8), mtime=0)  # valid gzip, wrong data
    url = mirror_folder(tmp_path, server, "bad", served)
    out = tmp_path / "data"
    with pytest.raises(DownloadError) as caught:
        download_mnist(out, mirrors=(url,), files=table)
    message = str(caught.value)
    assert bad in message and "checksum" in message and str(out) in message
    assert_one_sentence(message)
    assert not (out / bad).exists()
    assert (out / "train-images-idx3-ubyte.gz").read_bytes() == fakes["train-images-idx3-ubyte.gz"][0]
    assert leftovers(out) == []


def test_garbage_that_is_not_gzip_is_refused(tmp_path, server, fakes, table):
    name = "t10k-labels-idx1-ubyte.gz"
    url = mirror_folder(tmp_path, server, "junk", {name: b"<html>not found</html>"})
    out = tmp_path / "data"
    with pytest.raises(DownloadError, match="not a valid gzip") as caught:
        download_mnist(out, mirrors=(url,), files={name: table[name]})
    assert name in str(caught.value)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("mode", ["drop", "chunked"])
def test_dropped_connection_alone_fails_cleanly(tmp_path, server, good, fakes, table, mode):
    name = "train-images-idx3-ubyte.gz"
    getattr(server, mode).add(f"/good/{name}")
    out = tmp_path / "data"
    with pytest.raises(DownloadError, match="the connection dropped") as caught:
        download_mnist(out, mirrors=(good,), files=table)
    assert name in str(caught.value)
    assert not (out / name).exists()
    assert leftovers(out) == []


def test_dropped_connection_falls_through_to_next_mirror(tmp_path, server, fakes, table):
    gzs = {n: gz for n, (gz, _) in fakes.items()}
    flaky = mirror_folder(tmp_path, server, "flaky", gzs)
    second = mirror_folder(tmp_path, server, "second", gzs)
    for name in NAMES:
        server.drop.add(f"/flaky/{name}")
    calls = []
    out = tmp_path / "data"
    download_mnist(out, mirrors=(flaky, second), files=table,
                   progress=lambda done, total: calls.append((done, total)))
    for name in NAMES:
        assert (out / name).read_bytes() == gzs[name]
    assert leftovers(out) == []
    total = sum(map(len, gzs.values()))
    assert calls[-1] == (total, total)


def test_second_call_reuses_verified_files(tmp_path, server, good, table):
    out = tmp_path / "data"
    download_mnist(out, mirrors=(good,), files=table)
    assert len(server.requests) == 4
    before = {n: (out / n).stat().st_mtime_ns for n in NAMES}
    calls = []
    download_mnist(out, mirrors=(good,), files=table, progress=lambda d, t: calls.append((d, t)))
    assert len(server.requests) == 4
    assert {n: (out / n).stat().st_mtime_ns for n in NAMES} == before
    assert calls and calls[-1][0] == calls[-1][1]


def test_existing_corrupted_file_is_replaced(tmp_path, server, good, fakes, table):
    out = tmp_path / "data"
    out.mkdir()
    name = "t10k-images-idx3-ubyte.gz"
    (out / name).write_bytes(fakes[name][0][:100])  # truncated archive
    download_mnist(out, mirrors=(good,), files=table)
    assert (out / name).read_bytes() == fakes[name][0]
    assert f"/good/{name}" in server.requests


def test_bad_existing_file_is_kept_until_a_good_one_arrives(tmp_path, server, table):
    empty = mirror_folder(tmp_path, server, "empty", {})
    out = tmp_path / "data"
    out.mkdir()
    name = NAMES[0]
    (out / name).write_bytes(b"old and broken")
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_mnist(out, mirrors=(empty,), files=table)
    assert (out / name).read_bytes() == b"old and broken"
    assert leftovers(out) == []


def parts(folder, name):
    return [p for p in Path(folder).glob(f".{name}.part-*")]


def test_cancel_mid_file_leaves_nothing(tmp_path, good, fakes, table):
    out = tmp_path / "data"
    first = NAMES[0]
    seen = []

    def should_stop():  # stop once the temporary file holds some bytes
        seen.extend(p.stat().st_size for p in parts(out, first))
        return any(seen)

    with pytest.raises(Cancelled) as caught:
        download_mnist(out, mirrors=(good,), files=table, should_stop=should_stop)
    assert str(caught.value) == "the download was cancelled; nothing was kept."
    assert 0 < max(seen) < len(fakes[first][0])  # it really stopped inside the file
    assert list(out.iterdir()) == []


def test_cancel_keeps_files_already_complete(tmp_path, good, fakes, table):
    out = tmp_path / "data"
    first, second = NAMES[:2]

    def should_stop():  # stop as soon as the second file's download has begun
        return bool(parts(out, second))

    with pytest.raises(Cancelled):
        download_mnist(out, mirrors=(good,), files=table, should_stop=should_stop)
    assert [p.name for p in out.iterdir()] == [first]
    assert (out / first).read_bytes() == fakes[first][0]


def test_no_network_gives_one_sentence(tmp_path, table):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the with block ends: nobody listens
    out = tmp_path / "data"
    with pytest.raises(DownloadError) as caught:
        download_mnist(out, mirrors=(f"http://127.0.0.1:{port}/mnist/",), files=table, timeout=2)
    message = str(caught.value)
    assert_one_sentence(message)
    assert message.startswith(f"could not download {NAMES[0]} from any mirror (")
    assert f"put the four MNIST files into {out} yourself" in message
    assert (caught.value.folder, caught.value.remedy) == (out, "files")
    assert list(out.iterdir()) == []


def test_server_that_never_answers_times_out(tmp_path, server, good, table):
    name = NAMES[-1]
    server.stall.add(f"/good/{name}")
    started = time.monotonic()
    with pytest.raises(DownloadError, match="did not answer in time"):
        download_mnist(tmp_path / "data", mirrors=(good,), files={name: table[name]}, timeout=0.3)
    assert time.monotonic() - started < 20        # the timeout given (0.3 s), not the default 30 s
    assert leftovers(tmp_path / "data") == []


def test_recompressed_file_accepted_by_content_hash(tmp_path, server, fakes, table):
    recompressed = {n: gzip.compress(raw, compresslevel=1, mtime=12345) for n, (_, raw) in fakes.items()}
    assert all(sha256(recompressed[n]) != table[n][0] for n in NAMES)
    url = mirror_folder(tmp_path, server, "other", recompressed)
    out = tmp_path / "data"
    download_mnist(out, mirrors=(url,), files=table)
    for name in NAMES:
        assert (out / name).read_bytes() == recompressed[name]
        assert gzip.decompress((out / name).read_bytes()) == fakes[name][1]
    # and the re-compressed copies are reused as they are
    download_mnist(out, mirrors=(url,), files=table)
    assert len(server.requests) == 4


def test_unwritable_folder_is_one_sentence(tmp_path, good, table):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DownloadError) as caught:
        download_mnist(blocker / "data", mirrors=(good,), files=table)
    assert_one_sentence(str(caught.value))
    assert str(blocker / "data") in str(caught.value)


def test_no_content_length_uses_estimates_and_still_ends_at_total(tmp_path, server, good, fakes, table,
                                                                 monkeypatch):
    # a body without Content-Length: the README sizes are the estimate until the end
    monkeypatch.setattr(Handler, "send_header",
                        lambda self, key, value: None if key == "Content-Length"
                        else http.server.BaseHTTPRequestHandler.send_header(self, key, value))
    calls = []
    download_mnist(tmp_path / "data", mirrors=(good,), files=table,
                   progress=lambda d, t: calls.append((d, t)))
    total = sum(len(gz) for gz, _ in fakes.values())
    assert calls[0] == (0, 9_912_422 + 28_881 + 1_648_877 + 4_542)
    assert calls[-1] == (total, total)


@pytest.mark.skipif(not SHARED_MNIST.is_dir(),
                    reason=f"the shared MNIST copy ({SHARED_MNIST}) is not on this machine")
def test_real_mnist_files_pass_the_real_hash_table(tmp_path, server):
    server.mirrors["real"] = SHARED_MNIST
    out = tmp_path / "data"
    download_mnist(out, mirrors=(server.url("real"),))
    for name in NAMES:
        assert (out / name).stat().st_size == (SHARED_MNIST / name).stat().st_size
    assert leftovers(out) == []
