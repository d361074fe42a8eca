"""Status from the read index reads each PPC file's records once, whatever the order its
rows are asked in (a long overdue list jumps between files)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from commit_cli.query.status_columns import _Whole

if TYPE_CHECKING:
    from commit_cli.query.index import PlanIndex
    from commit_cli.query.status_columns import MilestoneColumns


class _File:
    """A PPC file's columns, counting how often its records are read."""

    def __init__(self, reads: list[int], number: int) -> None:
        self.reads, self.number = reads, number

    def milestones(self) -> list[Any]:
        self.reads.append(self.number)
        return [None] * 3


def _whole(files: int, reads: list[int]) -> _Whole:
    index = SimpleNamespace(plan=SimpleNamespace(ppcs=[None] * files))
    columns = cast("list[MilestoneColumns]", [_File(reads, n) for n in range(files)])
    return _Whole(cast("PlanIndex", index), columns, date(2006, 6, 30))


def test_rows_asked_across_many_files_read_each_file_once(monkeypatch: Any) -> None:
    monkeypatch.setattr("commit_cli.query.status_columns.milestone_known_on", lambda m, day: m)
    reads: list[int] = []
    whole = _whole(20, reads)
    for _ in range(3):
        for ppc in range(20):  # more files than KEEP, asked round and round
            whole.known(ppc, 1)
    assert sorted(reads) == list(range(20))


def test_reading_file_by_file_keeps_at_most_keep_files(monkeypatch: Any) -> None:
    monkeypatch.setattr("commit_cli.query.status_columns.milestone_known_on", lambda m, day: m)
    reads: list[int] = []
    whole = _whole(20, reads)
    for ppc in range(20):
        for position in range(3):
            whole.known(ppc, position, keep=_Whole.KEEP)
        assert len(whole._read) <= _Whole.KEEP
    assert reads == list(range(20))
