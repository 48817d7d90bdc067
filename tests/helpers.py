"""Small helpers shared by the tests (import as `from helpers import ...`)."""
import contextlib
import gzip
import io
import os
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from network.data.mnist import Dataset

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIGITS_SHARED_DATA", REPO.parent / "shared" / "data"))
"""The development data (full MNIST, pen-drawn digits, photos): ../shared/data, or $DIGITS_SHARED_DATA."""


@dataclass
class Ran:
    """What a run of `digits` did: its exit status and what it printed (as subprocess.run's result)."""

    returncode: int
    stdout: str
    stderr: str


def digits(*args, env=None, cwd=None):
    """Run `digits ARGS` in this process (network.cli.main, as the `digits` script does, without the
    window): a Ran. ``env`` adds environment variables for the run (None values remove one), ``cwd``
    is the folder it runs in. The language is the environment's, as in a new process."""
    import pytest

    from app.__main__ import main
    from network import i18n

    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in range(2))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (env or {}).items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, str(value))
        if cwd is not None:
            patch.chdir(cwd)
        i18n.set_language(None)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main([str(a) for a in args])
                except SystemExit as e:             # argparse: --help, usage mistakes
                    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            i18n.set_language("en")
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))
    return Ran(code or 0, *texts)


def digits_process(*args, env=None, cwd=None, timeout=120):
    """Run `python -m app ARGS` (what the `digits` script runs) in a new process: for what only a
    process shows (the exit status seen by a shell, signals, the real stdout); a CompletedProcess."""
    full_env = {**os.environ}
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = str(value)
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=timeout)


def synthetic(n, seed=0, noise=40):
    """n images of 10 fixed random stroke patterns plus noise: easy, but only if the network learns."""
    rng = np.random.default_rng(seed)
    prototypes = (np.random.default_rng(1234).random((10, 784)) < 0.15) * 230
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = prototypes[labels] + rng.normal(0, noise, (n, 784))
    return Dataset(np.clip(images, 0, 255).astype(np.uint8), labels, "synthetic")


def bomb_png(path, side=30_000):
    """A PNG whose header promises side x side pixels; its data is a few bytes (never decoded)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


# -- which words of a text are English: the language tests ------------------------------
ALLOWED_WORDS = {
    # the product, and names of formats, libraries, units and keys, as Chinese texts write them too
    "Digits", "digits", "MNIST", "CSV", "PNG", "JPEG", "BMP", "GIF", "TIFF", "WebP", "IDX", "UNIPEN", "gzip",
    "JSON", "NumPy", "numpy", "Pillow", "PyTorch", "HTTP", "NaN", "CJK", "MB", "GB", "Esc", "Ctrl", "Delete",
    "Debian", "Ubuntu", "Python", "pickle", "DIGIT",       # DIGIT: a UNIPEN keyword (.SEGMENT DIGIT)
    "Tariq", "Rashid",                                     # the author of the book the app rebuilds
    # functions and methods by their names (the same in every language)
    "relu", "sigmoid", "tanh", "softmax", "SGD", "Adam", "Linear", "max",
    "delta",                                                # δ, as the article and Chinese texts write it
}
"""Words a Chinese text may contain: see ``english_words``."""


def option_values():
    """Values a person types as they are (presets, optimizers, schedules, activations, language codes,
    the methods of `digits imagine`)."""
    from network import i18n, optim
    from network.activations import HIDDEN_ACTIVATIONS
    from network.cli.recognising import METHODS
    from network.train import PRESETS

    codes = {part for code in i18n.LANGUAGES for part in code.split("_")}
    return {*PRESETS, *optim.OPTIMIZERS, *optim.SCHEDULES, *HIDDEN_ACTIVATIONS, *codes, *METHODS}


_NOT_WORDS = re.compile(r"""<[^>]*>                 # HTML tags (the About box)
                        | \S*[/\\]\S*               # paths and URLs
                        | \S*\.[A-Za-z0-9_]+\S*     # file names (digit.png, .npz), dotted names (torch.nn)
                        | (?<!\w)--?[\w-]+          # options (--data, -h)
                        | \$\w+                     # environment variables ($DIGITS_DATA)
                        | `[^`]*`                   # commands (`digits download`)
                        | \{[^}]*\}                 # choices as argparse lists them ({classic,fast,best})
                        | %(\(\w+\))?[a-z]          # printf placeholders (%(prog)s, %s, %p)
                        | \bone-hot\b               # a term Chinese ML texts use as it is
                        | '[^'\s]*'                 # values as the user typed them, quoted
                        | [A-Za-z0-9]*_[A-Za-z0-9_]*  # identifiers (w_ih, zh_CN, load_state_dict)
                        """, re.VERBOSE)


def english_words(text, allowed=()):
    """The English words a person would read in ``text``: runs of two or more Latin letters,
    except in file names, paths, URLs, option names, environment variables, commands, quoted
    values and identifiers, and except ALLOWED_WORDS, option_values() and ``allowed``."""
    ok = ALLOWED_WORDS | option_values() | set(allowed)
    return [w for w in re.findall(r"[A-Za-z]{2,}", _NOT_WORDS.sub(" ", text)) if w not in ok]


def cjk(text):
    """The Chinese characters and punctuation in ``text`` (a string)."""
    return "".join(re.findall(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]", text))


def _idx(path, array, magic):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes(), compresslevel=1))


def write_synthetic_mnist(folder, n_train=2000, n_test=500):
    """A folder with the four MNIST file names holding an easy synthetic problem."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, ds in (("train", synthetic(n_train, seed=0)), ("t10k", synthetic(n_test, seed=1))):
        _idx(folder / f"{stem}-images-idx3-ubyte.gz", ds.images.reshape(-1, 28, 28), 2051)
        _idx(folder / f"{stem}-labels-idx1-ubyte.gz", ds.labels, 2049)
    return folder


# -- pictures of paper: the photo path ---------------------------------------------------------------
def paper_photo(path=None, digit_lines=(((0.3, 0.25), (0.7, 0.25), (0.42, 0.8)),), size=(360, 480), ink=(20, 30, 120),
                paper=(205, 200, 185), shadow=True, seed=0, quality=85):
    """A photo-like picture of a digit on paper: paper of colour ``paper`` lit unevenly (a gradient,
    a soft shadow across a corner), grain, the digit's ``digit_lines`` (polylines in units of the
    picture) in pen of colour ``ink``; saved as JPEG to ``path`` when given. Returns the RGB array."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 0.75 + 0.25 * (xx / w) * (1 - 0.3 * yy / h)
    if shadow:
        light *= 1 - 0.45 / (1 + np.exp(-(xx + yy - 0.9 * (w + h) / 2) / 25))      # a soft shadow, lower right
    base = np.array(paper, np.float32)[None, None, :] * light[..., None]
    base += rng.normal(0, 4, base.shape)
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    pen = Image.new("L", size, 0)
    draw = ImageDraw.Draw(pen)
    for line in digit_lines:
        draw.line([(x * w, y * h) for x, y in line], fill=255, width=max(3, w // 60), joint="curve")
    pen = pen.filter(ImageFilter.GaussianBlur(1))
    rgb = np.asarray(image).astype(np.float32)
    alpha = np.asarray(pen, np.float32)[..., None] / 255
    rgb = rgb * (1 - alpha) + np.array(ink, np.float32) * light[..., None] * alpha
    result = np.clip(rgb, 0, 255).astype(np.uint8)
    if path is not None:
        Image.fromarray(result).save(path, quality=quality)
    return result
