"""The network as a .safetensors file, for those who move on to PyTorch and friends.

safetensors (Hugging Face) is a simple format, written here with numpy alone:

    8 bytes     little-endian unsigned 64-bit length N of the header
    N bytes     a JSON header: {name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
                ..., "__metadata__": {str: str}}, padded with spaces to a multiple of 8 bytes
    the data    every tensor's raw little-endian bytes, row-major, at its offsets

The names are those of ``torch.nn.Sequential(Linear(784, H), <activation>,
Linear(H, 10))``, so ``load_state_dict`` takes the file as it is:

    0.weight  (H, 784)  = w_ih        0.bias  (H,)  = b_h (zeros when the network has none)
    2.weight  (10, H)   = w_ho        2.bias  (10,) = b_o

Not exported: the "not a digit" output, and a taught network's examples that vote when Digits
reads (model.Votes): the file is the plain three layers.

``__metadata__`` says what the tensors alone cannot: the hidden activation
(the module at index 1), the output function (sigmoid or softmax, applied
after the last layer), and how pixels become inputs.
"""
from __future__ import annotations

import json

import numpy as np

from ..errors import SystemReason, WeightsError
from ..i18n import Text
from ..model import Network
from ..pixels import ARTICLE_SCALING
from .files import atomic_write

TORCH_ACTIVATIONS = {"sigmoid": "torch.nn.Sigmoid", "tanh": "torch.nn.Tanh", "relu": "torch.nn.ReLU"}


def safetensors_tensors(net: Network):
    """name -> float32 array, in the order they are written (see the module docstring)."""
    return {"0.weight": net.w_ih, "0.bias": net.b_h, "2.weight": net.w_ho, "2.bias": net.b_o}


def safetensors_bytes(net: Network, metadata=None):
    """The whole .safetensors file as bytes. ``metadata``: extra str -> str entries for the header."""
    tensors = {name: np.ascontiguousarray(a, dtype="<f4") for name, a in safetensors_tensors(net).items()}
    header, offset = {}, 0
    for name, a in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    header["__metadata__"] = {
        "format": "pt",
        "architecture": f"torch.nn.Sequential(torch.nn.Linear({net.sizes[0]}, {net.sizes[1]}), "
                        f"{TORCH_ACTIVATIONS[net.activation]}(), torch.nn.Linear({net.sizes[1]}, {net.sizes[2]}))",
        "activation": net.activation,
        "output": net.output,
        "input_scaling": ARTICLE_SCALING,
        **{str(k): str(v) for k, v in (metadata or {}).items()},
    }
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + b"".join(a.tobytes() for a in tensors.values())


def save_safetensors(net: Network, path, metadata=None):
    """Write the network to ``path`` atomically; WeightsError (one sentence) if it cannot be written."""
    data = safetensors_bytes(net, metadata)
    try:
        atomic_write(path, lambda f: f.write(data))
    except OSError as e:
        raise WeightsError(Text("error.export.write", path=path, reason=SystemReason(e))) from None
