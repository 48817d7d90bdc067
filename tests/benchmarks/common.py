"""What the benchmark scripts share: where MNIST is, and a description of the machine."""
from __future__ import annotations

import os
import platform
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def default_data():
    """$DIGITS_DATA, else ../shared/data/mnist beside the repository (developer machines and CI)."""
    return os.environ.get("DIGITS_DATA") or str(REPO.parent / "shared" / "data" / "mnist")


def machine():
    """One line: CPU model, cores, Python, numpy and its BLAS."""
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas['name']} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        blas = "BLAS"
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numpy {np.__version__} ({blas})")
