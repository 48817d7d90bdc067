"""Widgets that several tabs share: array pictures, the colour scale, grids, dialogs."""
