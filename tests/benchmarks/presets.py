"""Accuracy and time of the training presets on the full MNIST.

For every preset: one line per epoch (test accuracy, seconds since the start),
then the final accuracy; for the default `fast` preset also the best test
accuracy reached within 15 s and within 60 s of training (evaluation included).
`best` takes about ten minutes, so it runs only when asked.

    python tests/benchmarks/presets.py [--data DIR] [--presets classic,fast,best]
"""
from __future__ import annotations

import argparse

from common import default_data, machine


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--presets", default="classic,fast")
    args = parser.parse_args()
    from network.data import load_mnist
    from network.train import EpochEnd, Finished, preset, train

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


if __name__ == "__main__":
    main()
