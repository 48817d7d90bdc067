"""Real pictures, honest answers: how Digits reads what people photograph and draw, and what it refuses.

Every picture goes through the one path a user's file takes (a file on disk,
network.data.pictures.read_picture, network.reading.read_picture), except the
rows that replay drawings on the real canvas, which go through the Draw tab's
own reading. The rows:

  real photos        ../shared/data/photos: phone photos of handwritten digits by 8 people
  photo-like digits  pen digits of writers 21-30 (never trained on) written with a thin pen on
                     made-up paper: a random paper colour, light from one side, a shadow with a
                     soft edge, grain, the digit at 15-45% of the picture, any ink colour, JPEG
  blank sheets       the same papers with nothing written on them
  small drawings     writers 21-30 drawn at 12-30% of the canvas with the default brush, as PNG
  held-out pen       writers 21-30 drawn at 35-80% of the canvas (as drawn_digits.py), as PNG
  Greek letters      ../shared/data/photos: photographed handwritten Greek letters (refused?)
  pen letters        letters written as pen strokes (pen_letters.py), drawn like the pen digits (refused?)
  typeset letters    letters set in the fonts of --fonts DIR (fonts training never used), as PNG (refused?)
  MNIST              the test set: accuracy, and how many are refused

    python tests/benchmarks/real_pictures.py [--weights FILE] [--data MNIST_DIR]
        [--unipen PEN_FILE] [--photos PHOTOS_DIR] [--fonts DIR] [--n 500] [--seed 0] [--rows a,b,...]
"""
from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

import numpy as np
from common import REPO, default_data, machine
from PIL import Image, ImageDraw, ImageFilter

SHARED = REPO.parent / "shared" / "data"


def made_up_paper(rng, w, h):
    """A sheet photographed: float RGB (h, w, 3) 0..255 and the light on it (h, w)."""
    colour = np.array(rng.choice([(235, 233, 225), (215, 210, 195), (190, 195, 190), (240, 240, 242),
                                  (225, 220, 170), (200, 215, 225)]), np.float32) + rng.normal(0, 8, 3)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * (xx / w - 0.5) + np.sin(angle) * (yy / h - 0.5))
    light = 0.8 + rng.uniform(0.1, 0.35) * ramp
    if rng.random() < 0.7:                      # a shadow with a soft edge, e.g. of the phone or a hand
        a2 = rng.uniform(0, 2 * np.pi)
        edge = (np.cos(a2) * (xx - rng.uniform(0.3, 0.9) * w) + np.sin(a2) * (yy - rng.uniform(0.3, 0.9) * h))
        light *= 1 - rng.uniform(0.2, 0.5) / (1 + np.exp(-edge / rng.uniform(4, 40)))
    grain = Image.fromarray(np.uint8(np.clip(rng.normal(128, 40, (h // 8 + 1, w // 8 + 1)), 0, 255)))
    grain = np.asarray(grain.resize((w, h), Image.Resampling.BICUBIC), np.float32) - 128
    sheet = colour[None, None] * light[..., None] + 0.05 * grain[..., None] + rng.normal(0, 3, (h, w, 3))
    return sheet, light


def photo_like(strokes, rng):
    """A pen digit (its strokes, any units, y up) written on made-up paper: a PIL RGB image."""
    w, h = int(rng.integers(300, 900)), int(rng.integers(300, 900))
    sheet, light = made_up_paper(rng, w, h)
    if strokes is None:
        ink_alpha = np.zeros((h, w), np.float32)
    else:
        points = np.concatenate(strokes)
        low, high = points.min(0), points.max(0)
        size = rng.uniform(0.15, 0.45) * min(w, h)
        factor = size / max(float((high - low).max()), 1.0)
        dx = rng.uniform(0.1 * w, w - 0.1 * w - (high - low)[0] * factor)
        dy = rng.uniform(0.1 * h, h - 0.1 * h - (high - low)[1] * factor)
        pen = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(pen)
        width = max(1, int(round(rng.uniform(0.006, 0.02) * min(w, h))))
        for s in strokes:
            xy = (s - low) * factor
            xy[:, 1] = (high - low)[1] * factor - xy[:, 1]
            draw.line([(float(x + dx), float(y + dy)) for x, y in xy], fill=255, width=width, joint="curve")
        ink_alpha = np.asarray(pen.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.2))), np.float32) / 255
    ink = np.array(rng.choice([(20, 20, 25), (25, 35, 130), (20, 90, 40), (150, 25, 30), (90, 90, 95)]), np.float32)
    rgb = sheet * (1 - ink_alpha[..., None]) + ink[None, None] * light[..., None] * ink_alpha[..., None]
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:
        image = image.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BILINEAR, fillcolor=tuple(
            int(v) for v in np.median(sheet.reshape(-1, 3), 0)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=int(rng.integers(50, 92)))
    return buffer.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", help="weight file (default: the bundled weights)")
    parser.add_argument("--data", default=default_data(), help="MNIST folder")
    parser.add_argument("--unipen", default=str(SHARED / "pendigits" / "pendigits-orig.tra"))
    parser.add_argument("--photos", default=str(SHARED / "photos"))
    parser.add_argument("--writers", default="21-30")
    parser.add_argument("--n", type=int, default=500, help="pictures per made-up row")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fonts", help="a folder of .ttf/.otf fonts for the typeset letters (not the system's)")
    parser.add_argument("--rows", default="photos,photo_like,blank,small,pen,greek,pen_letters,typeset,mnist")
    args = parser.parse_args(argv)

    from network.data.pendigits import place, read_unipen, render, select
    from network.data.pictures import read_picture
    from network.reading import DIGIT, NO_DIGIT, NOT_A_DIGIT
    from network.reading import read_picture as read
    from network.storage import weights

    print(f"machine: {machine()}")
    net, _ = weights.load(args.weights) if args.weights else weights.load_bundled()
    print(f"network: {args.weights or 'bundled'} ({'-'.join(map(str, net.sizes))}), "
          f"{'can' if net.doubt is not None else 'cannot'} say 'not a digit'")
    rows = args.rows.split(",")
    rng = np.random.default_rng(args.seed)
    scratch = Path(tempfile.mkdtemp())
    pens = select(read_unipen(args.unipen), args.writers) if Path(args.unipen).exists() else []
    if pens:
        pens = [pens[i] for i in rng.permutation(len(pens))]

    def tally(name, files, labels):
        """Read every file as `digits predict` does; print right / no digit / refused."""
        start = time.perf_counter()
        counts = {"right": 0, NO_DIGIT: 0, NOT_A_DIGIT: 0, "wrong": 0}
        for path, label in zip(files, labels):
            r = read(net, read_picture(path, colour=True))
            if r.verdict == DIGIT:
                counts["right" if r.guess == label else "wrong"] += 1
            else:
                counts[r.verdict] += 1
        n = len(files)
        ms = 1000 * (time.perf_counter() - start) / max(n, 1)
        print(f"{name:<22} {n:>5}  read right {counts['right'] / n:7.2%}  no digit {counts[NO_DIGIT] / n:6.2%}  "
              f"not a digit {counts[NOT_A_DIGIT] / n:6.2%}  wrong {counts['wrong'] / n:6.2%}  ({ms:.0f} ms each)")
        return counts

    if "photos" in rows or "greek" in rows:
        table = list(csv.DictReader(open(Path(args.photos) / "labels.csv")))
        digits = [r for r in table if r["label"] != "not_a_digit"]
        greek = [r for r in table if r["label"] == "not_a_digit"]
        if "photos" in rows:
            tally("real photos", [Path(args.photos) / r["file"] for r in digits], [int(r["label"]) for r in digits])
        if "greek" in rows:
            tally("Greek letters (photos)", [Path(args.photos) / r["file"] for r in greek], [None] * len(greek))
    if "photo_like" in rows and pens:
        files = []
        for i, d in enumerate(pens[:args.n]):
            files.append(scratch / f"photo_{i}.jpg")
            files[-1].write_bytes(photo_like(d.strokes, rng))
        tally("photo-like pen digits", files, [d.label for d in pens[:args.n]])
    if "blank" in rows:
        files = []
        for i in range(args.n):
            files.append(scratch / f"blank_{i}.jpg")
            files[-1].write_bytes(photo_like(None, rng))
        tally("blank sheets", files, [None] * len(files))
    if "small" in rows and pens:
        files = []
        for i, d in enumerate(pens[:args.n]):
            files.append(scratch / f"small_{i}.png")
            Image.fromarray(render(place(d, rng, size=(0.12, 0.30)))).save(files[-1])
        tally("small drawings (PNG)", files, [d.label for d in pens[:args.n]])
    if "pen" in rows and pens:
        files = []
        for i, d in enumerate(pens[:args.n]):
            files.append(scratch / f"pen_{i}.png")
            Image.fromarray(render(place(d, rng))).save(files[-1])
        tally("held-out pen digits", files, [d.label for d in pens[:args.n]])
    if "pen_letters" in rows:
        from pen_letters import pen_letters

        from network.data.pendigits import PenDigit
        files = []
        for i, (_, strokes) in enumerate(pen_letters(args.n, rng)):
            files.append(scratch / f"letter_{i}.png")
            Image.fromarray(render(place(PenDigit(-1, 0, strokes), rng))).save(files[-1])
        tally("pen letters", files, [None] * len(files))
    if "typeset" in rows and args.fonts:
        from PIL import ImageFont

        from network.data.negatives import LETTERS
        fonts = sorted(str(f) for f in Path(args.fonts).rglob("*") if f.suffix.lower() in (".ttf", ".otf"))
        files = []
        for i in range(args.n):
            image = Image.new("L", (280, 280), 255)
            font = ImageFont.truetype(fonts[int(rng.integers(len(fonts)))], int(rng.integers(60, 160)))
            ImageDraw.Draw(image).text((140, 140), LETTERS[i % len(LETTERS)], fill=0, font=font, anchor="mm")
            files.append(scratch / f"typeset_{i}.png")
            image.save(files[-1])
        tally(f"typeset letters ({len(fonts)} fonts)", files, [None] * len(files))
    if "mnist" in rows and (Path(args.data) / "t10k-images-idx3-ubyte.gz").exists():
        from network.data.mnist import load_mnist
        from network.evaluate import evaluate

        _, test = load_mnist(args.data)
        result = evaluate(net, test)
        refused = result.refused
        print(f"{'MNIST test set':<22} {len(test):>5}  accuracy {result.accuracy:.2%}  "
              f"refused {'-' if refused is None else refused}")


if __name__ == "__main__":
    main()
