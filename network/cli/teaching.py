"""``digits teach``: fine-tune a network on a folder of a person's own examples."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import DigitsError
from ..i18n import Number, Percent, Text, tr
from .arguments import force_option, metavars, weights_option
from .common import bar_progress, emit, error, load_weights, output_file, save_network


def add_parsers(commands):
    t = commands.add_parser("teach", help=tr("cli.teach.help"), description=tr("cli.teach.description"))
    weights_option(t)
    t.add_argument("--examples", metavar=metavars()[1], required=True, help=tr("cli.teach.examples.help"))
    t.add_argument("--out", metavar=metavars()[0], help=tr("cli.teach.out.help"))
    t.add_argument("--ask", action="store_true", help=tr("cli.teach.ask.help"))
    force_option(t)
    t.add_argument("--json", action="store_true", help=tr("cli.teach.json.help"))
    return (t,)


def run_teach(args):
    from ..storage import weights
    from ..teaching.personal import passed_sentence, read_examples_folder
    from ..teaching.taught_from import start_of
    from ..teaching.teach import personal_accuracy, still_wrong_sentence, teach

    if args.ask:
        return _ask(args, start_of, read_examples_folder)
    if not args.out:
        raise DigitsError(Text("error.cli.teach_needs_out"))
    out = output_file(args.out, "taught.npz", args.force)
    net, meta, started_from = start_of(*load_weights(args.weights))    # a taught network: where it started
    passed = []
    examples = read_examples_folder(args.examples, passed=passed)
    if passed:
        print(tr("cli.note", message=passed_sentence(passed)), file=sys.stderr)
    _give_a_moment(net)
    result = teach(net, examples, progress=bar_progress(tr("cli.progress.teach"), unit="it"))
    personal = personal_accuracy(net, examples, result.config,
                                 progress=bar_progress(tr("cli.progress.measure"), unit="it"))
    before, after = personal.before, personal.after
    from ..teaching.votes import with_examples

    taught = with_examples(result.network, examples)            # its examples vote when it reads
    test = _mnist_test()
    mnist_before = mnist_after = None
    if test is not None:            # as the Teach tab does: what teaching cost on MNIST, votes and all
        from ..evaluate import accuracies

        mnist_before, mnist_after = accuracies((net, taught), test)
    started_from = started_from or (Path(args.weights).name if args.weights else "bundled weights")
    meta = result.metadata(meta, started_from, mnist_after)
    out, elsewhere = save_network(lambda path: weights.save(taught, path, **meta), out)
    seconds = Number(result.seconds, 1, group=False)
    if after is None:           # one example: no network taught without it can read it after
        said = tr("cli.teach.done.one.right" if before == 1 else "cli.teach.done.one.wrong", seconds=seconds, out=out)
    else:                       # shares of the examples, said as counts of them (as the Teach tab does)
        said = tr("cli.teach.done", examples=Number(len(examples)), seconds=seconds,
                  before=Number(round(before * len(examples))), after=Number(round(after * len(examples))), out=out)
        said = "\n".join(filter(None, [said, still_wrong_sentence(personal.still_wrong)]))
    if test is not None:
        said += "\n" + tr("teach.result.mnist", before=Percent(mnist_before), after=Percent(mnist_after))
    emit(args, {"examples": len(examples), "seconds": round(result.seconds, 3),
                "personal_accuracy_before": before, "personal_accuracy_after": after,
                "mnist_accuracy_before": mnist_before, "mnist_accuracy_after": mnist_after, "out": str(out)}, said)
    if elsewhere is not None:
        error(elsewhere)
        return 1
    return 0


def _ask(args, start_of, read_examples_folder):
    """--ask: which digit to draw next for the examples in the folder (as the Teach tab's session
    asks), or that it has enough."""
    from ..teaching.asking import ask_for

    net, _, _ = start_of(*load_weights(args.weights))
    examples = read_examples_folder(args.examples)
    _give_a_moment(net)
    request = ask_for(net, examples)
    if request is None:
        emit(args, {"ask": None, "examples": len(examples), "reason": tr("teach.ask.enough")},
             tr("cli.teach.ask.enough", examples=Number(len(examples))))
    else:
        emit(args, {"ask": request.digit, "examples": len(examples), "reason": str(request.reason)},
             tr("cli.teach.ask", digit=request.digit, reason=request.reason))
    return 0


def _mnist_test():
    """The MNIST test set when it is in $DIGITS_DATA or the user data folder (never downloaded for
    teaching), else None."""
    from ..data.mnist import DataSource
    from ..errors import DataError

    source = DataSource.find()
    if source.missing(("test",)):
        return None
    try:
        return source.load(("test",))[1]
    except DataError:
        return None


def _give_a_moment(net):
    """A network from another machine has no moment to hold its answers by; with MNIST in
    $DIGITS_DATA or the user data folder, compute it (once: it is kept), as the window does."""
    import sys

    from ..data.mnist import DataSource
    from ..errors import DataError
    from ..teaching import hidden_moment

    source = DataSource.find()
    if hidden_moment.for_network(net) is not None or not source.available():
        return
    try:
        images = source.load()[0].images
    except DataError:
        return                  # a damaged MNIST: teaching holds the answers with anchors instead
    hidden_moment.ensure(net, images, starting=lambda: print(tr("cli.teach.remembering", folder=source.folder),
                                                             file=sys.stderr))


RUN = {"teach": run_teach}
