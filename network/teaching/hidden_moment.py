"""What the hidden layer does on MNIST, in a few numbers kept beside the bundled weights.

Teaching changes only the output layer, P = [w_ho, b_o] (10, hidden + 1). For
a change dP, the output logits of an image with hidden activations a_h change
by dz_o = dP [a_h, 1]; averaged over the MNIST training images,

    mean ||dz_o||^2 = tr(dP M dP^T),   M = mean [a_h, 1]^T [a_h, 1]   (hidden + 1, hidden + 1)

So M alone says how much a change of the output layer moves the answers on
all of MNIST, and teaching can hold them (``network.teaching.teach``) with no MNIST on
disk. M is kept as a factor F (hidden + 1, rank), M ~ F F^T: its top
eigenvectors, each scaled by the square root of its eigenvalue (rank 128 of
the bundled network's 1,201 keeps the teaching results of the full matrix).

It belongs to one hidden layer: the file records that layer's SHA-256
(``taught_from.hidden_digest``) and ``for_network`` hands it out only for a
network with that very hidden layer (the bundled one, and every network
taught from it, since teaching keeps the hidden layer).

A network trained on this machine gets its own: when training ends, MNIST is
in memory, so ``remember`` computes the moment (1.7 s for the fast preset's 512
hidden neurons on one core, 5.5 s for 1,200) and keeps it in the user's
``moments`` folder beside the MNIST folder, named by the hidden layer's
SHA-256; ``for_network`` looks there after the bundled file. Only the
``KEEP`` most recently made are kept. Without one (a network from another
machine), teaching computes one first when MNIST is at hand (``ensure``),
else holds the answers with anchors instead.

File format (version 1), an ``.npz`` read with ``allow_pickle=False``:

    factor    float32 (hidden + 1, rank)
    metadata  a string of JSON: {"format": "digits-hidden-moment", "version": 1,
              "hidden_sha256", "images": how many averaged, "rank", "kept": share of tr(M) kept}

Made for the bundled weights with
``python -m network.teaching.hidden_moment --data MNIST_DIR --weights resources/default_weights.npz
--out resources/default_weights.moment.npz``.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import Cancelled, DigitsError, SystemReason, WeightsError
from ..i18n import Text
from ..pixels import scale
from ..storage import npz
from ..storage.files import user_data_dir
from .taught_from import hidden_digest

FORMAT, VERSION = "digits-hidden-moment", 1
BUNDLED = "default_weights.moment.npz"
RANK = 128
CHUNK = 10_000
FOLDER = "moments"
KEEP = 20
"""The user's moments folder keeps the moments of the 20 networks trained last (at most 12 MB)."""


@dataclass(frozen=True)
class HiddenMoment:
    """factor F (hidden + 1, rank) float32 with M ~ F F^T; hidden_sha256 of the layer it is for;
    images: how many were averaged; kept: the share of tr(M) the factor keeps."""

    factor: np.ndarray
    hidden_sha256: str
    images: int
    kept: float

    @property
    def largest(self):
        """The largest eigenvalue of F F^T (its columns are orthogonal: the longest one's squared length)."""
        return float((self.factor.astype(np.float64) ** 2).sum(axis=0).max()) if self.factor.size else 0.0


SUBSET_FROM = 2048
"""From this many hidden neurons on, only the top eigenpairs are computed (below, all of them is faster)."""


def compute(network, images, rank=RANK, should_stop=None):
    """The HiddenMoment of ``network``'s hidden layer over ``images`` (n, 784) uint8.

    M = mean [a_h, 1]^T [a_h, 1] summed in float64, chunk by chunk; F = U_r sqrt(lambda_r)
    for its ``rank`` largest eigenvalues lambda_r and their eigenvectors U_r.
    ``should_stop()`` is polled between chunks (True: raise Cancelled).
    """
    n_hidden = network.sizes[1]
    m = np.zeros((n_hidden + 1, n_hidden + 1), np.float64)
    for first in range(0, len(images), CHUNK):
        if should_stop is not None and should_stop():
            raise Cancelled(Text("error.teach.stopped"))
        a = network.hidden(scale(images[first:first + CHUNK]))
        a1 = np.concatenate([a, np.ones((len(a), 1), a.dtype)], axis=1).astype(np.float64)
        m += a1.T @ a1
    m /= max(len(images), 1)
    if should_stop is not None and should_stop():
        raise Cancelled(Text("error.teach.stopped"))
    if len(m) > SUBSET_FROM and rank < len(m):
        # only the top ``rank`` eigenpairs: at 4,097 x 4,097, 3.5 s instead of 6.6 s (the one step
        # that Stop and closing the window wait for)
        from scipy.linalg import eigh

        values, vectors = eigh(m, subset_by_index=[len(m) - rank, len(m) - 1])
    else:
        values, vectors = np.linalg.eigh(m)
    top = np.argsort(values)[::-1][:rank]
    kept = float(np.clip(values[top], 0, None).sum() / max(np.trace(m), 1e-30))
    factor = (vectors[:, top] * np.sqrt(np.clip(values[top], 0, None))).astype(np.float32)
    return HiddenMoment(factor, hidden_digest(network), len(images), kept)


def save(moment, path):
    """Write ``moment`` to ``path`` atomically; WeightsError (one sentence) if the folder cannot be written."""
    meta = {"format": FORMAT, "version": VERSION, "hidden_sha256": moment.hidden_sha256,
            "images": moment.images, "rank": int(moment.factor.shape[1]), "kept": round(moment.kept, 6)}
    try:
        npz.write(Path(path), {"factor": moment.factor}, meta)
    except OSError as e:
        raise WeightsError(Text("error.weights.save", path=path, reason=SystemReason(e))) from None


MAX_BYTES = 200_000_000
"""A moment of 100,000 hidden neurons at rank 128 holds 51 MB; a file far larger is not one."""


def load(path):
    """Read a HiddenMoment; WeightsError (one sentence) for a file that is not one."""
    name = Path(path).name
    try:
        with npz.read(path, MAX_BYTES) as archive:
            meta = archive.metadata(FORMAT)
            if meta.get("version") != VERSION:
                raise npz.Unreadable(Text("error.moment.version", version=meta.get("version"), known=VERSION))
            shape, dtype = archive.headers.get("factor", ((), np.dtype("O")))
            if len(shape) != 2 or dtype.kind != "f" or not isinstance(meta.get("hidden_sha256"), str):
                raise npz.Unreadable(Text("error.npz.damaged_array", key="factor"))
            factor = archive.array("factor")
    except npz.Unreadable as e:
        raise WeightsError(Text("error.moment.bad", name=name, reason=e.reason)) from None
    if not np.all(np.isfinite(factor)):
        raise WeightsError(Text("error.moment.bad", name=name, reason=Text("error.npz.damaged_array", key="factor")))
    return HiddenMoment(factor.astype(np.float32), meta["hidden_sha256"], int(meta.get("images", 0)),
                        float(meta.get("kept", 0.0)))


def bundled_path():
    return Path(str(resources.files("resources").joinpath(BUNDLED)))


@lru_cache(maxsize=1)
def _bundled():
    try:
        return load(bundled_path())
    except WeightsError:
        return None             # teaching then holds the answers the way it does for any other network


def user_folder():
    """The folder keeping the moments of networks trained on this machine (beside the MNIST folder)."""
    return user_data_dir() / FOLDER


def remember(network, images, folder=None, should_stop=None):
    """Compute ``network``'s moment over ``images`` (n, 784) uint8 and keep it in ``folder``
    (default: ``user_folder()``) for ``for_network``; the oldest beyond KEEP are deleted.

    Returns the HiddenMoment, or None when the folder cannot be written: the training that
    calls this has still succeeded, and teaching that network holds the answers with anchors.
    """
    moment = compute(network, images, should_stop=should_stop)
    folder = Path(folder) if folder is not None else user_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        save(moment, folder / f"{moment.hidden_sha256}.npz")
        kept = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, WeightsError):
        return None
    return moment


def _kept(digest, folder):
    try:
        return load(folder / f"{digest}.npz")
    except WeightsError:
        return None             # none kept (or a damaged one): teaching holds the answers with anchors


def for_network(network, folder=None):
    """The HiddenMoment kept for ``network``'s hidden layer (the bundled file, then ``folder``,
    default ``user_folder()``), or None when there is none."""
    digest = hidden_digest(network)
    moment = _bundled()
    if moment is None or moment.hidden_sha256 != digest:
        moment = _kept(digest, Path(folder) if folder is not None else user_folder())
    fits = moment is not None and moment.hidden_sha256 == digest and moment.factor.shape[0] == network.sizes[1] + 1
    return moment if fits else None


def ensure(network, images, folder=None, should_stop=None, starting=None):
    """Before teaching: give ``network`` a moment if it has none (a network from another
    machine) and MNIST's training ``images`` are at hand, so it is taught as a network
    trained here would be. Calls ``starting()`` first when it computes one (a few seconds,
    once per network: it is kept). Returns the moment, or None without images or folder.
    """
    moment = for_network(network, folder)
    if moment is not None or images is None:
        return moment
    if starting is not None:
        starting()
    remember(network, images, folder, should_stop)
    return for_network(network, folder)


def main(argv=None):
    """``python -m network.teaching.hidden_moment --data DIR --weights FILE --out FILE``: compute and save."""
    from ..data.mnist import load_mnist
    from ..storage import weights

    parser = argparse.ArgumentParser(description="Compute the hidden layer's MNIST moment kept beside a weight file.")
    parser.add_argument("--data", required=True, help="MNIST folder")
    parser.add_argument("--weights", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rank", type=int, default=RANK)
    args = parser.parse_args(argv)
    try:
        network, _ = weights.load(args.weights)
        train, _ = load_mnist(args.data)
        moment = compute(network, train.images, args.rank)
        save(moment, args.out)
    except DigitsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{args.out}: rank {moment.factor.shape[1]} of {network.sizes[1] + 1}, "
          f"{moment.kept:.4%} of the trace, over {moment.images} images")
    return 0


if __name__ == "__main__":
    sys.exit(main())
