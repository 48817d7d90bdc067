"""Where the limit of teaching lies: in the hidden layer, in the hold, or in the examples?

Teaching changes only the output layer, and holds the MNIST answers without
MNIST (network.teaching.teach). This script asks what the best output layer could do
with MNIST itself at hand, for one writer of pendigits-orig.tra (default 28,
the hardest of writers 21-30), the bundled hidden layer kept:

1. fitted to ALL the writer's drawings and the 60,000 MNIST training images
   (an oracle: the drawings it is measured on are among those it was fitted
   to): can one output layer read this writer and MNIST at once?
2. fitted to the writer's 20 examples (the first two drawings of each digit,
   with ``--copies`` distorted copies each, as teach.py) and the 60,000 MNIST
   training images: how well can those 20 examples teach, when forgetting is
   held by MNIST itself rather than by a stand-in?

Each fit is full-batch L-BFGS (scipy) of the cross-entropy, the writer's rows
weighted ``w`` times an MNIST image, plus lam/2 ||P - P_start||^2 (P the
output layer and its bias) so that with w = 0 it stays where it was. Prints
the MNIST test accuracy and the writer's errors (on all drawings for 1, on
the other drawings for 2).

    python tests/benchmarks/teach_limit.py [--weights FILE] [--writer 28] [--weight 10 --weight 30 ...] [--lam 0.01]
                                           [--copies 50] [--data MNIST_DIR] [--unipen FILE]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.optimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, default_data, machine  # noqa: E402
from teach import drawn, first_of_each  # noqa: E402

sys.path.insert(0, str(REPO))
from network.data import pendigits
from network.data.augment import Augmenter, Distortion  # noqa: E402
from network.data.mnist import load_mnist  # noqa: E402
from network.storage import weights  # noqa: E402
from network.teaching.hidden_moment import hidden  # noqa: E402


def with_ones(a):
    """[a, 1]: hidden activations with a column for the bias."""
    return np.hstack([a, np.ones((len(a), 1), a.dtype)])


def fit(start, x, y, row_weight, lam, iterations):
    """The output layer P (10, hidden + 1) minimising sum_i s_i CE(x_i P^T, y_i) + lam/2 ||P - start||^2,
    s = row_weight / sum(row_weight): full-batch L-BFGS from ``start``."""
    s = (row_weight / row_weight.sum()).astype(np.float32)
    rows = np.arange(len(y))

    def loss_and_gradient(p):
        z = x @ p.reshape(start.shape).astype(np.float32).T
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        loss = -float(s @ np.log(z[rows, y] + 1e-30))
        z[rows, y] -= 1
        z *= s[:, None]
        d = p - start.ravel()
        return loss + 0.5 * lam * float(d @ d), (z.T @ x).ravel().astype(np.float64) + lam * d

    found = scipy.optimize.minimize(loss_and_gradient, start.ravel(), jac=True, method="L-BFGS-B",
                                    options={"maxiter": iterations})
    return found.x.reshape(start.shape)


def errors(p, x, y):
    return int(np.count_nonzero((x @ p.T).argmax(axis=1) != y))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unipen", default=str(REPO.parent / "shared" / "data" / "pendigits" / "pendigits-orig.tra"))
    parser.add_argument("--data", default=default_data(), help="MNIST folder")
    parser.add_argument("--writer", type=int, default=28)
    parser.add_argument("--weight", type=float, action="append", metavar="W",
                        help="weight of each of the writer's rows, as a share of an MNIST image's (repeatable; "
                             "default 10 and 30)")
    parser.add_argument("--lam", type=float, default=0.01, help="pull towards the starting output layer")
    parser.add_argument("--copies", type=int, default=50, help="distorted copies of each example (as teaching)")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0, help="seed of the drawing sizes and places")
    parser.add_argument("--weights", help="weight file (default: the bundled weights)")
    args = parser.parse_args(argv)
    row_weights = args.weight or [10.0, 30.0]

    print(f"machine: {machine()}")
    net, _ = weights.load(args.weights) if args.weights else weights.load_bundled()
    train, test = load_mnist(args.data)
    data = drawn(pendigits.select(pendigits.read_unipen(args.unipen), {args.writer}), args.seed, args.writer)
    x_train, x_test = with_ones(hidden(net, train.inputs)), with_ones(hidden(net, test.inputs))
    y_train, y_test = train.labels.astype(np.intp), test.labels.astype(np.intp)
    start = np.hstack([net.w_ho, net.b_o[:, None]]).astype(np.float64)
    x_all, y_all = with_ones(hidden(net, data.inputs)), data.labels.astype(np.intp)
    chosen = first_of_each(data.labels)
    print(f"output layer as it is: MNIST test {1 - errors(start, x_test, y_test) / len(y_test):.2%}; writer "
          f"{args.writer}: {errors(start, x_all, y_all)} errors of {len(y_all)}, "
          f"{errors(start, x_all[~chosen], y_all[~chosen])} of the {np.count_nonzero(~chosen)} other drawings")

    examples, labels = data.images[chosen], y_all[chosen]
    augment = Augmenter(Distortion(), np.random.default_rng(args.seed))
    ink = np.concatenate([examples.astype(np.float32) / 255] + [augment(examples) for _ in range(args.copies)])
    x_taught = with_ones(hidden(net, ink * np.float32(0.99) + np.float32(0.01)))
    y_taught = np.tile(labels, args.copies + 1)

    for name, x_writer, y_writer, x_read, y_read in (
            ("1. all drawings", x_all, y_all, x_all, y_all),
            (f"2. 20 examples x {args.copies + 1}", x_taught, y_taught, x_all[~chosen], y_all[~chosen])):
        for w in row_weights:
            began = time.perf_counter()
            row_weight = np.concatenate([np.ones(len(y_train)), np.full(len(y_writer), w)])
            p = fit(start, np.vstack([x_train, x_writer]), np.concatenate([y_train, y_writer]), row_weight,
                    args.lam, args.iterations)
            print(f"{name}, weight {w:g}, lam {args.lam:g}: MNIST test {1 - errors(p, x_test, y_test) / len(y_test):.2%}; "
                  f"writer {args.writer}: {errors(p, x_read, y_read)} errors of {len(y_read)} "
                  f"({time.perf_counter() - began:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
