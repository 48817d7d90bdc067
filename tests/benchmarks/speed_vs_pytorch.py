"""Our hand-written numpy network against PyTorch on the very same network.

784-100-10, relu, softmax + cross-entropy, plain SGD lr 0.1, batch 32, no
augmentation, float32, the same scaled inputs. Both start from the same
initial weights and see the examples in the same order every epoch, so they
differ only in how the arithmetic is done. Prints
seconds per epoch (training only; the median over epochs) and the final test
accuracy of each. PyTorch is compared when it is importable (it is not a
dependency of Digits: `pip install torch` to include it).

    python tests/benchmarks/speed_vs_pytorch.py [--data DIR] [--epochs 3]
"""
from __future__ import annotations

import argparse
import statistics
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
    from network.train import EpochEnd, Finished, Progress, train

    times, last_progress, epoch_start = [], 0.0, 0.0
    for event in train(config(epochs, seed), train_set, test_set, network=start_network(seed)):
        if isinstance(event, Progress):
            last_progress = event.elapsed
        elif isinstance(event, EpochEnd):
            times.append(last_progress - epoch_start)      # training only, not the evaluation
            epoch_start = event.elapsed
        elif isinstance(event, Finished):
            return times, event.test_accuracy


def pytorch(train_set, test_set, epochs, seed):
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
    times = []
    for order in epoch_orders(len(y), epochs, seed):
        order = torch.from_numpy(order)
        start = time.perf_counter()
        for i in range(0, len(y), 32):
            idx = order[i:i + 32]
            optimizer.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        predicted = model(torch.from_numpy(test_set.inputs)).argmax(dim=1).numpy()
    return times, float(np.mean(predicted == test_set.labels)), torch.__version__, torch.get_num_threads()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data())
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from network.data import load_mnist

    train_set, test_set = load_mnist(args.data)
    print(f"machine: {machine()}")
    print("network: 784-100-10 relu, softmax + cross-entropy, SGD lr 0.1, batch 32, float32, no augmentation")
    times, acc = ours(train_set, test_set, args.epochs, args.seed)
    ours_epoch = statistics.median(times)
    print(f"digits (numpy):  {ours_epoch:.2f} s/epoch (epochs: {', '.join(f'{t:.2f}' for t in times)}), "
          f"test accuracy {acc:.4f} after {args.epochs} epochs")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: `pip install torch` to compare.")
        return
    t_times, t_acc, version, threads = pytorch(train_set, test_set, args.epochs, args.seed)
    torch_epoch = statistics.median(t_times)
    print(f"PyTorch {version} ({threads} threads): {torch_epoch:.2f} s/epoch "
          f"(epochs: {', '.join(f'{t:.2f}' for t in t_times)}), test accuracy {t_acc:.4f}")
    print(f"speed-up: {torch_epoch / ours_epoch:.2f}x per epoch; accuracy difference "
          f"{100 * (acc - t_acc):+.2f} points")


if __name__ == "__main__":
    main()
