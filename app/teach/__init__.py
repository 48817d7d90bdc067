"""The Teach tab: the person's examples and teaching the network their handwriting."""
