"""The drawing surface in numbers, read by the canvas widget (app/) and the pen-digit renderer.

Both must draw alike: the network was trained on pen-written digits rendered
with these numbers, and recognises best what the canvas draws with them.
"""

CANVAS_SIDE = 280
"""The canvas's smallest (logical) side in pixels; pen digits are rendered on a square this size."""

BRUSH = 0.075
"""The default brush width as a share of the canvas side: a digit drawn at 60% of
the canvas gets MNIST's stroke width after preprocessing."""

BRUSH_RANGE = (0.5, 2.0)
"""The brush-width control's range, as a factor of the default."""

READING_BRUSH = 0.12
"""At most this share of a drawing's extent is the brush width the network reads it with. A
small digit drawn with a wide brush fills its own loops (a 0 becomes a disc); the canvas keeps
the strokes, so it hands the network the same strokes drawn thinner (MNIST's strokes are about
0.15 of the digit's 20 pixels). Drawn large, nothing changes."""


def reading_brush(brush, extent):
    """The brush width (any unit) to draw strokes with for reading them: ``brush`` unless that is
    more than READING_BRUSH of ``extent`` (the longer side of the strokes' box, same unit)."""
    return min(brush, max(READING_BRUSH * extent, 1e-6))
