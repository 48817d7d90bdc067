"""The Draw tab: the canvas, live prediction and the answer."""
