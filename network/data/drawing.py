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
