"""Whether the digits a network imagines are read as those digits by other networks, and how long it takes.

For each network (the bundled one, the `classic` preset, a `fast`-preset relu
network trained for a few epochs) `network.explain.imagine.ascent` imagines the ten
digits with several seeds. Each set of pictures is fed, exactly as inputs, to
the same network and to an independently trained judge: a `classic` network
trained from scratch (for the classic network itself: one trained with another
seed and shuffled order). Also shown: what the 10 nearest MNIST training
pictures (cosine similarity of the ink) vote for, a rough pixel-level stand-in
for "looks like". Prints per network and seed the time and how many of 10
each reader gets right, then per digit what they read and how sure they are.
Writes a PNG sheet of the pictures (one row per network, seed 0; then, with
--compare, the first network without each regulariser; last the article's
back query of the classic network) for a person to look at.

    python tests/benchmarks/imagine.py [--data DIR] [--seeds 0,1,2] [--sheet imagined.png]
        [--networks bundled,classic,fast] [--fast-epochs 2] [--compare]

--compare also runs the ascent without each of its regularisers in turn, on seed 0.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from common import default_data, machine

VARIANTS = {
    "chosen": {},
    "no moves (1 copy, no shift/scale)": dict(copies=1, shift=0.0, scale=0.0),
    "no centring": dict(centre=False),
    "no blur": dict(blur=0.0),
    "blur 1 px": dict(blur=1.0),
    "150 steps": dict(steps=150),
    "600 steps": dict(steps=600),
    "8 copies": dict(copies=8),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data(), help="MNIST folder (default: %(default)s)")
    parser.add_argument("--seeds", default="0,1,2", help="ascent seeds (default: %(default)s)")
    parser.add_argument("--networks", default="bundled,classic,fast",
                        help="which networks imagine (default: %(default)s)")
    parser.add_argument("--fast-epochs", type=int, default=2, help="epochs of the fast preset (default: 2)")
    parser.add_argument("--sheet", default="imagined.png", help="PNG sheet of the pictures ('' for none)")
    parser.add_argument("--compare", action="store_true", help="also run the ascent without each regulariser")
    args = parser.parse_args(argv)

    from threadpoolctl import threadpool_limits

    from network.data.mnist import load_mnist
    from network.explain.imagine import ascent, back_query
    from network.storage.weights import load_bundled
    from network.train import preset, run

    seeds = [int(s) for s in args.seeds.split(",")]
    train_set, test_set = load_mnist(args.data)
    print(f"machine: {machine()}")

    def trained(name, config):
        # One BLAS thread: the classic preset's sample-at-a-time updates take minutes
        # instead of seconds when two threads fight over two busy cores.
        with threadpool_limits(limits=1, user_api="blas"):
            done = run(config, train_set, test_set)
        print(f"trained {name}: test accuracy {done.test_accuracy:.4f} in {done.seconds:.1f} s")
        return done.network

    judge = trained("judge: classic (seed 0, file order)", preset("classic"))
    networks = {}
    for name in args.networks.split(","):
        if name == "bundled":
            networks[name] = (load_bundled()[0], judge, "classic (seed 0)")
        elif name == "classic":
            networks[name] = (judge, trained("judge for classic: classic (seed 1, shuffled)",
                                             preset("classic", seed=1, shuffle=True)),
                              "classic (seed 1, shuffled)")
        elif name == "fast":
            networks[name] = (trained(f"fast preset, {args.fast_epochs} epochs",
                                      preset("fast", epochs=args.fast_epochs)), judge, "classic (seed 0)")
        else:
            parser.error(f"unknown network {name!r}: use bundled, classic or fast")
    looks = NearestPictures(train_set)

    rows = []
    for name, (net, judge_net, judge_name) in networks.items():
        print(f"\n== {name}: {net.sizes[0]}-{net.sizes[1]}-{net.sizes[2]} {net.activation}/{net.output}"
              f"{' with biases' if net.has_biases else ''}; judge {judge_name}")
        first = None
        for seed in seeds:
            start = time.perf_counter()
            x = ascent(net, seed=seed)
            seconds = time.perf_counter() - start
            first = x if first is None else first
            print(f"  seed {seed}: {seconds:4.2f} s   " + summary(net, judge_net, looks, x))
        print(details(net, judge_net, looks, first))
        rows.append((name, first))
        if args.compare:
            print("  without each regulariser (seed 0):")
            for variant, settings in VARIANTS.items():
                start = time.perf_counter()
                x = ascent(net, seed=seeds[0], **settings)
                seconds = time.perf_counter() - start
                print(f"    {variant:34s} {seconds:5.2f} s   " + summary(net, judge_net, looks, x))
                if name == next(iter(networks)) and settings:
                    rows.append((f"{name}, {variant}", x))
    if "classic" in networks:
        classic, other, other_name = networks["classic"]
        x = back_query(classic)
        print(f"\n== the article's back query of the classic network; judge {other_name}")
        print("  " + summary(classic, other, looks, x))
        rows.append(("classic, back query", x))
    if args.sheet:
        save_sheet(args.sheet, rows)
        print(f"\nsheet of the pictures (seed {seeds[0]}): {args.sheet}")


def reads(net, x):
    """(predicted digits (10,), probability of the intended digit (10,), of the predicted one (10,))."""
    p = net.probabilities(x)
    predicted = p.argmax(axis=1)
    return predicted, p[np.arange(10), np.arange(10)], p[np.arange(10), predicted]


def summary(net, judge, looks, x):
    """One line: how many of 10 the network, the judge and the nearest pictures read right."""
    parts = []
    for who, model in (("itself", net), ("judge", judge)):
        predicted, p_right, _ = reads(model, x)
        parts.append(f"{who} {np.sum(predicted == np.arange(10)):2d}/10 "
                     f"(p of the digit: median {np.median(p_right):.2f}, min {p_right.min():.2f})")
    votes = looks(x)
    parts.append(f"nearest MNIST {np.sum(votes.argmax(axis=1) == np.arange(10)):2d}/10")
    return ";  ".join(parts)


def details(net, judge, looks, x):
    """Per digit: what each reader reads, with its probability."""
    own, own_right, own_p = reads(net, x)
    other, other_right, other_p = reads(judge, x)
    votes = looks(x)
    lines = ["  digit  itself reads (p)   judge reads (p)   nearest 10 MNIST pictures vote"]
    for d in range(10):
        lines.append(f"  {d:>5}  {own[d]:>6}  ({own_p[d]:.2f})    {other[d]:>5}  ({other_p[d]:.2f})"
                     f"{'' if other[d] == d else ' *':2s}   {votes[d].argmax()} ({votes[d].max()}/10)")
    return "\n".join(lines)


class NearestPictures:
    """Votes of the k most similar MNIST training pictures (cosine similarity of the ink)."""

    def __init__(self, data, k=10):
        ink = data.images.astype(np.float32)
        self.ink = ink / np.linalg.norm(ink, axis=1, keepdims=True)
        self.labels, self.k = data.labels, k

    def __call__(self, x):
        """x: (n, 784) inputs. Returns votes: (n, 10) counts."""
        ink = x - 0.01
        ink = ink / np.maximum(np.linalg.norm(ink, axis=1, keepdims=True), 1e-9)
        nearest = np.argsort(-(ink @ self.ink.T), axis=1)[:, :self.k]
        return np.stack([np.bincount(self.labels[row], minlength=10) for row in nearest])


def save_sheet(path, rows, zoom=4):
    """One row of 10 pictures per (name, x (10, 784)), white ink on black, with the name above."""
    from PIL import Image, ImageDraw

    from network.pixels import picture_from_inputs as to_picture

    cell, label = 28 * zoom, 14
    sheet = Image.new("L", (10 * (cell + 4), len(rows) * (cell + label + 4)), 40)
    draw = ImageDraw.Draw(sheet)
    for r, (name, x) in enumerate(rows):
        y = r * (cell + label + 4)
        draw.text((2, y), name, fill=255)
        for d, picture in enumerate(to_picture(x)):
            sheet.paste(Image.fromarray(picture).resize((cell, cell), Image.NEAREST),
                        (d * (cell + 4), y + label))
    sheet.save(path)


if __name__ == "__main__":
    main()
