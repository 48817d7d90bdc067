"""How fast MNIST loads: the IDX .gz files, and the article's 60,000-row CSV.

The CSV is written from the IDX files into a temporary folder first (the
shared data has no CSV). Prints the median of several runs.

    python tests/benchmarks/loading.py [--data DIR] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import default_data, machine


def timed(f, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from network.data.mnist import load_csv, load_mnist

    print(f"machine: {machine()}")
    seconds, (train_set, test_set) = timed(lambda: load_mnist(args.data), args.runs)
    print(f"IDX .gz, 70,000 images: {seconds:.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mnist_train.csv"
        rows = np.concatenate([train_set.labels[:, None], train_set.images], axis=1)
        np.savetxt(path, rows, fmt="%d", delimiter=",")
        seconds, loaded = timed(lambda: load_csv(path), max(1, args.runs // 2))
        assert np.array_equal(loaded.images, train_set.images)
        print(f"CSV, 60,000 rows ({path.stat().st_size / 1e6:.0f} MB): {seconds:.3f} s")


if __name__ == "__main__":
    main()
