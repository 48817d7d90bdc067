"""Package data: the bundled weights (default_weights.npz) with their hidden-layer moment, the
window icon and the translations.

Read with importlib.resources (see network.storage.weights.bundled_path), never via
the working directory.
"""
