"""Accuracy and time of the training presets on the full MNIST.

For every preset: one line per epoch (test accuracy, seconds since the start),
then the final accuracy; for the default `fast` preset also the best test
accuracy reached within 15 s and within 60 s of training (evaluation included).
`best` takes about ten minutes, so it runs only when asked.

The article's one epoch sample by sample ends where float32 rounding leads
it: another seed, or another BLAS kernel (see the machine line), gives another
accuracy. `--seeds N` trains `classic` N times more, with seeds 1..N, and
prints the spread.

    python tests/benchmarks/presets.py [--data DIR] [--presets classic,fast,best] [--seeds N]
"""
from __future__ import annotations

import argparse

from common import default_data, machine


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--presets", default="classic,fast")
    parser.add_argument("--seeds", type=int, default=0, help="train `classic` with seeds 1..N too")
    args = parser.parse_args()
    from network.data.mnist import load_mnist
    from network.train import EpochEnd, Finished, preset, run, train

    train_set, test_set = load_mnist(args.data)
    print(f"machine: {machine()}")
    for name in args.presets.split(","):
        config = preset(name)
        print(f"\n== {name}: {config}")
        for event in train(config, train_set, test_set):
            if isinstance(event, EpochEnd):
                print(f"  epoch {event.epoch:>2}: test {event.test_accuracy:.4f}  at {event.elapsed:6.1f} s")
            elif isinstance(event, Finished):
                history = event.history
                print(f"  {name}: test accuracy {event.test_accuracy:.4f} in {event.seconds:.1f} s")
                for limit in (15, 60):
                    within = [e.test_accuracy for e in history if e.elapsed <= limit]
                    if within:
                        print(f"  {name}: best test accuracy within {limit} s: {max(within):.4f}")
    if args.seeds:
        spread = [run(preset("classic", seed=s), train_set, test_set).test_accuracy for s in range(1, args.seeds + 1)]
        spread.sort()
        print(f"\n== classic, seeds 1..{args.seeds}: {', '.join(f'{a:.4f}' for a in spread)}")
        print(f"  classic: min {spread[0]:.4f}, median {spread[len(spread) // 2]:.4f}, max {spread[-1]:.4f}")


if __name__ == "__main__":
    main()
