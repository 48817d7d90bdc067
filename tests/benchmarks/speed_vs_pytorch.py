"""Our hand-written numpy network against PyTorch on the very same network.

784-100-10, relu, softmax + cross-entropy, plain SGD lr 0.1, batch 32, no
augmentation, float32, the same scaled inputs. Both start from the same
initial weights and see the examples in the same order every epoch, so they
differ only in how the arithmetic is done.

Each side trains in its own process (in one process PyTorch's OpenMP threads
keep spinning after each step and slow numpy down several times), and the
processes alternate, ours, PyTorch, ours, ... for --rounds rounds, because on
a shared virtual machine the speed drifts by tens of percent within a
minute. Prints the seconds per epoch (training only, median over all
epochs), the ratio of the medians, and the final test accuracy of each.
PyTorch is compared when it is importable (it is not a dependency of
Digits: `pip install torch` to include it).

    python tests/benchmarks/speed_vs_pytorch.py [--data DIR] [--epochs 3] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import numpy as np
from common import default_data, machine


def config(epochs, seed):
    from network.train import TrainConfig

    return TrainConfig(hidden=100, activation="relu", loss="cross_entropy", biases=True, epochs=epochs,
                       batch_size=32, optimizer="sgd", lr=0.1, momentum=0.0, l2=0.0, schedule="constant",
                       augment=False, seed=seed)


def start_network(seed):
    from network.model import Network

    return Network.create(784, 100, 10, activation="relu", output="softmax", biases=True,
                          rng=np.random.default_rng(seed))


def epoch_orders(n, epochs, seed):
    """The orders network.train visits the examples in (its second child seed shuffles)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[1])
    return [rng.permutation(n) for _ in range(epochs)]


def ours(train_set, test_set, epochs, seed):
    """A generator: each next() trains one epoch and yields its training seconds; then the accuracy."""
    from network.train import EpochEnd, Finished, Progress, train

    last_progress = epoch_start = 0.0
    for event in train(config(epochs, seed), train_set, test_set, network=start_network(seed)):
        if isinstance(event, Progress):
            last_progress = event.elapsed
        elif isinstance(event, EpochEnd):
            yield last_progress - epoch_start          # training only, not the evaluation
            epoch_start = event.elapsed
        elif isinstance(event, Finished):
            yield event.test_accuracy


def pytorch(train_set, test_set, epochs, seed):
    """The same, in PyTorch: yields each epoch's seconds, then the test accuracy."""
    import torch

    x = torch.from_numpy(train_set.inputs)
    y = torch.from_numpy(train_set.labels.astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
    net = start_network(seed)
    with torch.no_grad():                      # the same starting weights as ours
        model[0].weight.copy_(torch.from_numpy(net.w_ih))
        model[0].bias.copy_(torch.from_numpy(net.b_h))
        model[2].weight.copy_(torch.from_numpy(net.w_ho))
        model[2].bias.copy_(torch.from_numpy(net.b_o))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    for order in epoch_orders(len(y), epochs, seed):
        order = torch.from_numpy(order)
        start = time.perf_counter()
        for i in range(0, len(y), 32):
            idx = order[i:i + 32]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()
        yield time.perf_counter() - start
    with torch.no_grad():
        predicted = model(torch.from_numpy(test_set.inputs)).argmax(dim=1).numpy()
    yield float(np.mean(predicted == test_set.labels))


def run_one(which, data, epochs, seed):
    """Train one side in this process and print {"times": [...], "accuracy": ...} as JSON."""
    from network.data.mnist import load_mnist

    train_set, test_set = load_mnist(data)
    steps = ours(train_set, test_set, epochs, seed) if which == "ours" else pytorch(train_set, test_set, epochs, seed)
    times = [next(steps) for _ in range(epochs)]
    print(json.dumps({"times": times, "accuracy": next(steps)}))


def run_child(which, args):
    done = subprocess.run([sys.executable, __file__, "--only", which, "--data", args.data,
                           "--epochs", str(args.epochs), "--seed", str(args.seed)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["ours", "pytorch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        return run_one(args.only, args.data, args.epochs, args.seed)

    print(f"machine: {machine()}")
    print("network: 784-100-10 relu, softmax + cross-entropy, SGD lr 0.1, batch 32, float32, no augmentation")
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: `pip install torch` to compare; timing ours alone.")
    sides = ["ours", "pytorch"] if torch else ["ours"]
    results = {side: [] for side in sides}
    for _ in range(args.rounds):
        for side in sides:
            results[side].append(run_child(side, args))
    summary = {}
    for side in sides:
        times = [t for r in results[side] for t in r["times"]]
        accuracy = results[side][-1]["accuracy"]
        summary[side] = (statistics.median(times), accuracy)
        name = "digits (numpy)" if side == "ours" else f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
        print(f"{name}: {summary[side][0]:.2f} s/epoch (median of {len(times)} epochs in {args.rounds} runs, "
              f"{min(times):.2f}-{max(times):.2f}), test accuracy {accuracy:.4f} after {args.epochs} epochs")
    if torch:
        (mine, our_acc), (theirs, their_acc) = summary["ours"], summary["pytorch"]
        print(f"speed-up: {theirs / mine:.2f}x per epoch; accuracy difference {100 * (our_acc - their_acc):+.2f} points")


if __name__ == "__main__":
    main()
