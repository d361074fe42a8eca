"""Every member of every closed vocabulary has a reader label, looked up by the member."""

from __future__ import annotations

import inspect
from enum import StrEnum

import pytest

from commit_cli.core import vocabulary
from commit_cli.wording import ENGLISH, labels

ENUMS = [
    value
    for value in vars(vocabulary).values()
    if inspect.isclass(value)
    and issubclass(value, StrEnum)
    and value.__module__ == vocabulary.__name__
]


def test_the_vocabulary_is_found() -> None:
    assert {enum.__name__ for enum in ENUMS} >= {"Status", "Verdict", "Combine", "Phase"}


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
def test_every_member_has_a_label_and_nothing_else_does(enum: type[StrEnum]) -> None:
    table = labels.ENGLISH[enum]
    assert set(table) == set(enum)
    for member in enum:
        label = ENGLISH.label(member)
        assert label == table[member]
        assert label.strip() == label
        assert label
        assert "_" not in label
    assert len(set(table.values())) == len(table), "two members read the same"


def test_a_value_as_a_record_holds_it_finds_the_members_label() -> None:
    assert ENGLISH.status("in_progress") == ENGLISH.status(vocabulary.Status.in_progress)
    assert ENGLISH.verdict("partly_met") == "partly met"
    assert ENGLISH.phase("follow_up") == "follow-up"
    with pytest.raises(ValueError, match="'in progress' is not one of planned, in_progress, done"):
        ENGLISH.status("in progress")  # a label is not a value
