"""``digits export``: the network as a .safetensors file for PyTorch and friends."""
from __future__ import annotations

from pathlib import Path

from ..i18n import tr
from .arguments import force_option, metavars, weights_option
from .common import load_weights, output_file


def add_parsers(commands):
    x = commands.add_parser("export", help=tr("cli.export.help"), description=tr("cli.export.description"))
    weights_option(x)
    x.add_argument("--out", metavar=metavars()[0], required=True, help=tr("cli.export.out.help"))
    force_option(x)
    return (x,)


def run_export(args):
    from ..storage.export import save_safetensors

    out = output_file(args.out, "digits.safetensors", args.force)
    net, meta = load_weights(args.weights)
    extra = {"source": Path(args.weights).name if args.weights else "bundled weights"}
    if isinstance(meta.get("test_accuracy"), (int, float)):
        extra["mnist_test_accuracy"] = f"{meta['test_accuracy']:.4f}"
    save_safetensors(net, out, extra)
    print(tr("cli.export.done", layers="-".join(map(str, net.sizes)), activation=net.activation, out=out))
    return 0


RUN = {"export": run_export}
