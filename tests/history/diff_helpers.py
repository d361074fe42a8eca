"""Plan states for the semantic diff's tests: PPC files and headers validated from text, and
the changes between two states as (kind, id, summary)."""

from __future__ import annotations

from typing import Any

from conftest import HEADER, PPC_1

from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, PlanHeader
from commit_cli.history.diff import diff_states
from commit_cli.yamlio.reader import load_data

SEMINAR_END = "    depends_on: [ppc1-assessment]\n"


def ppc(text: str) -> PPC:
    return validated(PPC, load_data(text)[0])


def header(text: str = HEADER) -> PlanHeader:
    return validated(PlanHeader, load_data(text)[0])


def seminar_with(extra: str) -> str:
    return PPC_1.replace(SEMINAR_END, SEMINAR_END + extra)


def summaries(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.summary) for c in diff_states(old, new)]


def one_ppc(before: str, after: str) -> list[tuple[str, str, str]]:
    return summaries({"ppcs/ppc-01.yaml": ppc(before)}, {"ppcs/ppc-01.yaml": ppc(after)})
