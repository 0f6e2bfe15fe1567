"""Fixtures of the finance part."""

from __future__ import annotations

import pytest

from leuchtfeuer.finance import selectors


@pytest.fixture(autouse=True)
def _fresh_dataset():
    """The official dataset is cached per process; tests load different data."""
    selectors._CACHE.clear()
    selectors._VERSION[:] = [0.0, ""]
    yield
    selectors._CACHE.clear()
    selectors._VERSION[:] = [0.0, ""]
