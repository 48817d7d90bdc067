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
    """One line: CPU model, cores, Python, numpy, its BLAS and the BLAS kernel in use.

    The kernel matters beyond speed: its float32 rounding differs, and the
    article's sample-by-sample training follows it to a different end (the
    `classic` preset, seed 0: 0.9468 with OpenBLAS's Haswell kernel, 0.9411
    with its SkylakeX kernel on an AVX-512 machine)."""
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
    try:
        from threadpoolctl import threadpool_info

        kernels = {i["architecture"] for i in threadpool_info() if i.get("architecture")}
        if kernels:
            blas += ", kernel " + "/".join(sorted(kernels))
    except Exception:  # no threadpoolctl, or it cannot read this BLAS
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numpy {np.__version__} ({blas})")
