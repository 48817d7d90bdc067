"""The Train tab: data, settings, the run, its curves and results."""
