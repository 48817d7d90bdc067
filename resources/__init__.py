"""Package data: the bundled weights (default_weights.npz) and the window icon.

Read with importlib.resources (see network.weights.bundled_path), never via
the working directory. resources/screenshots/ holds the README's pictures
and is not installed.
"""
