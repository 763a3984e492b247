"""Similarities of texts to descriptions, computed by BLAS on the calling thread alone.

Reading scores a few hundred sentences against a few dozen descriptions at a time: BLAS does that in a fraction of a
millisecond, but numpy's OpenBLAS hands it to a thread per core, and those threads then spin waiting for more work.
On two cores that spinning cost a quarter of reading's CPU. One thread computes every value with the same kernel,
in the same order: the same scores, bit for bit.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from typing import Any


def similarity_matrix(vectors: Any, prototypes: Any) -> Any:
    """`vectors @ prototypes.T` (texts x descriptions), with BLAS on this thread only (see the module's docstring)."""
    limit = _thread_limit()
    if limit is None:
        return vectors @ prototypes.T
    previous = limit(1)  # per thread: another thread's BLAS keeps its own setting
    try:
        return vectors @ prototypes.T
    finally:
        limit(previous)


@functools.cache
def _thread_limit() -> Callable[[int], int] | None:
    """OpenBLAS's `openblas_set_num_threads_local` (returns the thread's setting before), from the copy numpy has
    loaded; None when there is none (another BLAS, another system): the product is then computed as it is."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
        for path in sorted(paths):
            function = getattr(ctypes.CDLL(path), "openblas_set_num_threads_local", None)
            if function is not None:
                function.argtypes, function.restype = [ctypes.c_int], ctypes.c_int
                return function  # type: ignore[no-any-return]
    except OSError:
        pass
    return None
