"""The Digits window (Qt for Python). The maths lives in ``network``; this package only shows it."""
