"""The Inside view's numbers: their speed, how faithful the pixel evidence is, what one step does.

* speed: the live path (trace + push + order + top 10 pushers + evidence for
  the answer vs the runner-up) on MNIST test images with the bundled network,
  median and 95th percentile, with the default BLAS threads and with one; then
  the on-demand parts (neuron card, training step, apply + revert, explain);
* faithfulness: blank (set to 0.01) the 20 pixels of most evidence, or 20
  random inked pixels (fixed seed), and compare how much the score difference
  z_o[digit] - z_o[runner_up] falls, for the bundled network and the classic
  one trained from scratch (train.run(preset("classic"))); the ratio must be >= 3;
* one step: how one training step at the default learning rate (and at the
  per-example one, lr / batch size) changes the probability of its label on
  the same drawing, for the answer, the runner-up and a third digit.

    python tests/benchmarks/inside.py [--data DIR] [--images 1000] [--timing 300] [--no-classic]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from common import default_data, machine

K = 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=default_data(), help="MNIST folder (default: %(default)s)")
    parser.add_argument("--images", type=int, default=1000, help="test images for faithfulness")
    parser.add_argument("--timing", type=int, default=300, help="drawings timed for speed")
    parser.add_argument("--steps", type=int, default=200, help="drawings for the one-step study")
    parser.add_argument("--no-classic", action="store_true", help="skip training the classic network")
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    from network.data.mnist import load_mnist
    from network.errors import DataError
    from network.storage.weights import load_bundled
    from network.train import preset, run

    print(f"machine: {machine()}")
    try:
        train_set, test_set = load_mnist(args.data)
    except DataError as e:
        parser.error(f"{e} (give --data DIR or set DIGITS_DATA)")
    net, meta = load_bundled()
    print(f"bundled: {'-'.join(map(str, net.sizes))} {net.activation}/{net.output}, biases {net.has_biases}")

    print("\n== speed, bundled network (ms per drawing)")
    for label, threads in (("default BLAS threads", None), ("one BLAS thread", 1)):
        with threadpool_limits(limits=threads, user_api="blas"):
            speed(net, meta, test_set.images[:args.timing], label)

    networks = [("bundled", net, meta)]
    if not args.no_classic:
        config = preset("classic")
        start = time.perf_counter()
        import scipy.linalg.blas  # noqa: F401  (loaded first, so that the limit covers scipy's BLAS too)

        with threadpool_limits(limits=1, user_api="blas"):   # much faster on a busy machine
            finished = run(config, train_set, test_set)
        print(f"\nclassic: trained from scratch (one BLAS thread) in {time.perf_counter() - start:.1f} s, "
              f"test accuracy {finished.test_accuracy:.4f}")
        networks.append(("classic", finished.network, {"training": config.to_dict()}))

    with threadpool_limits(limits=1, user_api="blas"):
        print(f"\n== faithfulness: blank the {K} pixels of most evidence vs {K} random inked pixels, "
              f"{args.images} test images")
        for name, network, _ in networks:
            top, random = blanking_drops(network, test_set.images[:args.images])
            print(f"  {name:8s}: score difference falls by {top.mean():.3f} (top) vs {random.mean():.3f} "
                  f"(random): ratio {top.mean() / random.mean():.1f}  "
                  f"[medians {np.median(top):.3f} / {np.median(random):.3f}; "
                  f"top beats random on {np.mean(top > random):.1%} of images]")

        print(f"\n== one training step on the same drawing, {args.steps} test images")
        for name, network, metadata in networks:
            from network.explain import inside

            rates = {inside.default_lr(metadata, network), inside.default_lr(metadata, network, per_example=True)}
            for lr in sorted(rates, reverse=True):
                one_step(name, network, test_set.images[:args.steps], lr)


def speed(net, meta, images, label):
    from network.explain import inside
    from network.pixels import scale

    xs = scale(images)
    blank = inside.blank_trace(net)

    def live(x, blank):
        tr = inside.trace(net, x)
        pushes = inside.push(net, tr, tr.digit)
        inside.order(pushes)
        inside.top_pushers(net, tr, tr.digit, 10)
        inside.evidence(net, None, tr.digit, tr.runner_up, tr=tr, blank=blank)
        return tr

    def timed(f, repeat=1):
        """Wall-clock and CPU (all threads of the process) milliseconds per call."""
        wall, cpu = [], []
        for x in xs[:repeat] if repeat > 1 else xs:
            start, start_cpu = time.perf_counter(), time.process_time()
            f(x)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        return np.array(wall) * 1e3, np.array(cpu) * 1e3

    for x in xs[:20]:
        live(x, blank)                                 # warm up (imports, caches)
    parts = {
        "trace only": lambda x: inside.trace(net, x),
        "live path, blank trace kept": lambda x: live(x, blank),
        "live path, blank trace each time": lambda x: live(x, None),
    }
    print(f"  {label}:")
    for name, f in parts.items():
        report(name, *timed(f))
    tr = inside.trace(net, xs[0])
    saved = [p.copy() for p in net.parameters()]
    lr = inside.default_lr(meta, net)

    def step_and_revert(x):
        inside.apply_step(net, inside.training_step(net, x, 3, lr))
        for p, s in zip(net.parameters(), saved):
            np.copyto(p, s)

    on_demand = {
        "neuron card": lambda x: inside.neuron_card(net, tr, 17),
        "training step": lambda x: inside.training_step(net, x, 3, lr),
        "training step + apply + revert": step_and_revert,
        "explain (k=10)": lambda x: inside.explain(net, x),
    }
    for name, f in on_demand.items():
        report(name, *timed(f, repeat=30))


def report(name, wall, cpu):
    print(f"    {name:34s} wall median {np.median(wall):6.3f}  p95 {np.percentile(wall, 95):6.3f}   "
          f"CPU median {np.median(cpu):6.3f}  p95 {np.percentile(cpu, 95):6.3f}  (n={len(wall)})")


def blanking_drops(net, images, k=K, seed=0):
    """(n,), (n,): the fall of s = z_o[digit] - z_o[runner_up] when the k pixels with the largest
    positive evidence are blanked, and when k random inked pixels are."""
    from network.explain import inside
    from network.pixels import BLANK, scale

    rng = np.random.default_rng(seed)
    blank = inside.blank_trace(net)
    top, random = [], []
    for image in images:
        x = scale(image)
        tr = inside.trace(net, x)
        d, r = tr.digit, tr.runner_up
        c = inside.evidence(net, None, d, r, tr=tr, blank=blank)
        s = tr.z_o[d] - tr.z_o[r]

        def fall(pixels):
            y = x.copy()
            y[pixels] = BLANK
            after = inside.trace(net, y)
            return float(s - (after.z_o[d] - after.z_o[r]))

        best = np.argsort(-c, kind="stable")[:k]
        top.append(fall(best[c[best] > 0]))
        random.append(fall(rng.choice(np.flatnonzero(image > 0), k, replace=False)))
    return np.array(top), np.array(random)


def one_step(name, net, images, lr):
    from network.explain import inside
    from network.pixels import scale

    saved = [p.copy() for p in net.parameters()]
    rows = {"answer": [], "runner-up": [], "third": []}
    for image in images:
        x = scale(image)
        tr = inside.trace(net, x)
        third = next(d for d in np.argsort(-tr.z_o) if d not in (tr.digit, tr.runner_up))
        for kind, label in (("answer", tr.digit), ("runner-up", tr.runner_up), ("third", int(third))):
            inside.apply_step(net, inside.training_step(net, x, label, lr, tr=tr))
            after = inside.trace(net, x)
            rows[kind].append((tr.probabilities[label], after.probabilities[label], after.digit == label))
            for p, s in zip(net.parameters(), saved):
                np.copyto(p, s)
    print(f"  {name}, {inside.rule_for(net)} rule, lr {lr:g}:")
    for kind, values in rows.items():
        before, after, wins = np.array(values, dtype=np.float64).T
        print(f"    label = {kind:9s}: p median {np.median(before):.3g} -> {np.median(after):.3g} "
              f"(x{np.median(after / np.maximum(before, 1e-30)):.3g}); raised {np.mean(after > before):.0%}, "
              f"unchanged {np.mean(after == before):.0%}, lowered {np.mean(after < before):.0%}; "
              f"the label becomes the answer {np.mean(wins):.0%}")


if __name__ == "__main__":
    main()
