"""Scores of texts against descriptions, computed by BLAS on one thread: the same numbers, the setting kept."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.reading.blas import _thread_limit, similarity_matrix


@pytest.mark.parametrize("rows", [1, 7, 64, 513])
def test_the_similarities_are_the_plain_product_bit_for_bit(rows):
    rng = np.random.default_rng(rows)
    vectors = rng.standard_normal((rows, 256)).astype("float32")
    prototypes = rng.standard_normal((43, 256)).astype("float32")
    assert np.array_equal(similarity_matrix(vectors, prototypes), vectors @ prototypes.T)


def test_the_threads_own_blas_setting_is_given_back():
    limit = _thread_limit()
    if limit is None:
        pytest.skip("numpy here has no OpenBLAS: the product is computed as it is")
    before = limit(3)  # this thread asks for 3 threads
    try:
        similarity_matrix(np.ones((4, 8), dtype="float32"), np.ones((2, 8), dtype="float32"))
        assert limit(3) == 3  # ... and still does after the product (run on one)
    finally:
        limit(before)
