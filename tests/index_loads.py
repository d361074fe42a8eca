"""A plan loaded whole and then from its read index, for the tests that hold a command's
index path equal to its whole path (`tests/query/test_*_columns.py`)."""

from __future__ import annotations

import time
from pathlib import Path

from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns_load import ColumnsLoad, keep_columns, load_columns
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.manifest import SETTLED_NS, StampManifest
from commit_cli.plan.sources import FolderSource

LATER = 10 * SETTLED_NS  # "now" for the manifest: every file's stamp has settled


def both(plan_dir: Path, cache: ResultCache) -> tuple[LoadResult, ColumnsLoad]:
    """The plan loaded whole (storing its index, as a command does), then as its index."""
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    result = load_plan(source, cache)
    keep_columns(result, cache)
    source.manifest.save()
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    found = load_columns(source, cache)
    assert result.plan is not None
    assert found is not None
    return result, found
