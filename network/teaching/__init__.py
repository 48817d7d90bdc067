"""Teaching a network a person's handwriting: their examples, the hold on MNIST, where it started."""
