"""How well Digits recognises digits people really draw.

Replays every digit of a UNIPEN-style pen file (e.g. UCI pendigits-orig)
through the real canvas widget, offscreen, with the app's own brush, at a
random size (35-80% of a 280x280 canvas, or 12-30% with --small) and place
drawn from the seed; then runs the app's own live predictor (the Draw tab's
reading: preprocessing + network) on it. With --mouse each stroke is drawn by
mouse events sent to the canvas (press, moves, release at whole pixels, as a
mouse gives them) instead of through Canvas.draw_stroke.

Prints the accuracy, the confusion matrix, saves the worst-recognised
drawings as a PNG sheet, and ends with the line
    drawn-digit accuracy: 0.XXXX (N digits)

    python tests/benchmarks/drawn_digits.py --unipen ../shared/data/pendigits/pendigits-orig.tra \
        --writers 21-30 [--seed 0] [--weights FILE] [--sheet worst.png] [--small] [--mouse]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unipen", required=True, help="UNIPEN-style pen file")
    parser.add_argument("--seed", type=int, default=0, help="seed for sizes and places (default 0)")
    parser.add_argument("--weights", help="weight file (default: the bundled weights)")
    parser.add_argument("--writers", help="only these writers, e.g. 21-30 (default: all)")
    parser.add_argument("--sheet", default="drawn_digits_worst.png", help="where to save the worst drawings")
    parser.add_argument("--worst", type=int, default=48, help="how many to put on the sheet")
    parser.add_argument("--bare", action="store_true",
                        help="for comparison: the design card's literal path, the whole canvas downsampled "
                             "to 28x28 by Pillow, instead of the app's preprocessing")
    parser.add_argument("--small", action="store_true", help="draw the digits at 12-30%% of the canvas")
    parser.add_argument("--mouse", action="store_true", help="draw with mouse events sent to the canvas")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from app.draw.tab import DrawTab
    from network.data import pendigits
    from network.data.drawing import CANVAS_SIDE
    from network.errors import DigitsError
    from network.evaluate import confusion_matrix
    from network.storage import weights

    try:
        net, meta = weights.load(args.weights) if args.weights else weights.load_bundled()
        digits = pendigits.select(pendigits.read_unipen(args.unipen), args.writers)
    except DigitsError as e:
        sys.exit(f"drawn_digits: error: {e}")
    if not digits:
        sys.exit(f"drawn_digits: error: no digits by writers {args.writers} in {args.unipen}.")

    app = QApplication.instance() or QApplication([])
    tab = DrawTab()                             # the Draw tab's own reading, as the window predicts
    canvas, predictor = tab.canvas, tab.predictor
    canvas.setFixedSize(CANVAS_SIDE, CANVAS_SIDE)
    tab.show()
    app.processEvents()
    predictor.set_network(net)

    rng = np.random.default_rng(args.seed)
    labels, predicted, p_true, pictures, seen = [], [], [], [], []
    verdicts = {}
    start = time.perf_counter()
    for digit in digits:
        canvas.clear()
        size = pendigits.SMALL_RANGE if args.small else pendigits.SIZE_RANGE
        for stroke in pendigits.place(digit, rng, size=size, brush=canvas.brush_pixels()):
            if args.mouse:
                mouse_stroke(canvas, stroke)
            else:
                canvas.draw_stroke(stroke.tolist())
        result = bare_prediction(canvas.image(), net) if args.bare else predictor.predict_now()
        labels.append(digit.label)
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
        if result.digit is None:
            predicted.append(-1)
            p_true.append(0.0)
            seen.append(np.zeros((28, 28), np.float32) if result.picture is None else result.picture)
        else:
            predicted.append(result.digit)
            p_true.append(float(result.probabilities[digit.label]))
            seen.append(result.picture)
        pictures.append(canvas.image())
    seconds = time.perf_counter() - start
    labels, predicted, p_true = np.array(labels), np.array(predicted), np.array(p_true)

    correct = predicted == labels
    accuracy = float(correct.mean())
    writers = sorted({d.writer for d in digits})
    if args.bare:
        print("preprocessing: BARE (the whole canvas downsampled to 28x28), for comparison")
    print(f"weights: {args.weights or 'bundled'} ({'-'.join(map(str, net.sizes))}, "
          f"MNIST test accuracy {meta.get('test_accuracy', 'not recorded')})")
    print(f"{len(digits)} digits by {len(writers)} writers ({writers[0]}-{writers[-1]}), seed {args.seed}, "
          f"{seconds / len(digits) * 1000:.1f} ms each (drawing + preprocessing + network)")
    print("per digit: " + "  ".join(f"{k}: {correct[labels == k].mean():.1%}" for k in range(10)
                                     if (labels == k).any()))
    print("confusion (rows: true digit, columns: predicted)")
    matrix = confusion_matrix(labels[predicted >= 0], predicted[predicted >= 0])
    print("      " + "".join(f"{k:>6}" for k in range(10)))
    for k, row in enumerate(matrix):
        print(f"{k:>6}" + "".join(f"{v:>6}" for v in row))
    if (predicted < 0).any():
        print("not read as a digit: " + ", ".join(f"{n} {verdict}" for verdict, n in verdicts.items()
                                                   if verdict != "digit"))

    worst = [i for i in np.argsort(p_true) if not correct[i]][:args.worst]
    if worst:
        save_sheet(args.sheet, [pictures[i] for i in worst], [seen[i] for i in worst],
                   [f"{labels[i]}->{predicted[i] if predicted[i] >= 0 else '?'}" for i in worst])
        print(f"the {len(worst)} worst-recognised drawings: {args.sheet}")
    print(f"drawn-digit accuracy: {accuracy:.4f} ({len(digits)} digits)")


def mouse_stroke(canvas, stroke):
    """One stroke as a mouse draws it: a press, moves and a release at whole pixels, sent to the canvas."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    points = [QPointF(round(float(x)), round(float(y))) for x, y in stroke]
    events = [(QMouseEvent.Type.MouseButtonPress, points[0], left, left)]
    events += [(QMouseEvent.Type.MouseMove, p, none, left) for p in points[1:]]
    events += [(QMouseEvent.Type.MouseButtonRelease, points[-1], left, none)]
    for kind, point, button, buttons in events:
        QApplication.sendEvent(canvas, QMouseEvent(kind, point, canvas.mapToGlobal(point), button, buttons,
                                                   Qt.KeyboardModifier.NoModifier))


def bare_prediction(picture, net):
    """The card taken literally: Pillow shrinks the whole canvas to 28x28, rescaled to 0.01..0.99."""
    from app.widgets.image_adapter import qimage_to_array
    from network.pixels import inputs_from_ink
    from network.reading import DIGIT, Reading

    small = Image.fromarray(qimage_to_array(picture)).resize((28, 28), Image.Resampling.BOX)
    ink = (255 - np.asarray(small, np.float32)) / 255
    x = inputs_from_ink(ink)
    p = net.probabilities(x)
    return Reading(DIGIT, int(p.argmax()), float(p.max()), p, x, ink)


def save_sheet(path, pictures, seen, captions, columns=8):
    """Each mistake as the drawing (downscaled) beside the 28x28 the network saw, with true->predicted."""
    from app.widgets.image_adapter import qimage_to_array
    from network.pixels import picture_from_ink

    cell_w, cell_h = 2 * 84 + 6, 84 + 16
    rows = -(-len(pictures) // columns)
    sheet = Image.new("L", (columns * cell_w, rows * cell_h), 255)
    draw = ImageDraw.Draw(sheet)
    for n, (picture, ink, caption) in enumerate(zip(pictures, seen, captions)):
        r, c = divmod(n, columns)
        x0, y0 = c * cell_w, r * cell_h
        drawing = Image.fromarray(qimage_to_array(picture)).resize((84, 84), Image.Resampling.BOX)
        small = Image.fromarray(255 - picture_from_ink(ink)).resize((84, 84), Image.Resampling.NEAREST)
        sheet.paste(drawing, (x0, y0))
        sheet.paste(small, (x0 + 86, y0))
        draw.text((x0 + 4, y0 + 85), caption, fill=0)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


if __name__ == "__main__":
    main()
