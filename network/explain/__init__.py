"""The network explained: one drawing's trace, evidence and training step; imagined digits."""
