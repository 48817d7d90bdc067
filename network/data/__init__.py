"""Data in: MNIST, pen-drawn digits, picture files, preprocessing to 784 inputs, distortions."""
