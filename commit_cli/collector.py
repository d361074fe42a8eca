"""Pausing Python's cyclic garbage collector while many small objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building many small objects triggers the cyclic GC over and over, each time scanning
    what was built so far; pausing it while a plan is loaded or written out makes that 2-3x
    faster (benchmarks/RESULTS.md). Nothing cyclic is built. Re-entrant: an inner pause
    leaves the collector as the outer one found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
