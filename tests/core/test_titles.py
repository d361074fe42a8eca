"""The plan with its translated titles in place: a fresh translation replaces the English,
a stale one never does, and nothing but titles changes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from commit_cli.core.model import Plan, TitleTranslation, Translations
from commit_cli.core.titles import english_titles, translated_plan
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

BUNDLED = Path(__file__).resolve().parents[2] / "plan"


@cache
def bundled() -> Plan:
    plan = load_plan(FolderSource(BUNDLED)).plan
    assert plan is not None
    return plan


def without_titles(plan: Plan) -> dict[str, object]:
    """Everything the plan says except its titles and short titles."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("title", "short_title")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    dumped = strip(plan.model_dump())
    assert isinstance(dumped, dict)
    return dumped


# For each title to translate: whether its source is the plan's English today (fresh).
choices = st.lists(st.tuples(st.integers(min_value=0), st.booleans(), st.booleans()), max_size=40)


@settings(max_examples=60, deadline=None)
@given(choices)
def test_only_fresh_translations_replace_the_english(picks: list[tuple[int, bool, bool]]) -> None:
    plan = bundled()
    english, english_short = english_titles(plan)
    ids, short_ids = sorted(english), sorted(english_short)
    titles: dict[str, TitleTranslation] = {}
    short: dict[str, TitleTranslation] = {}
    for index, is_short, fresh in picks:
        pool, known, into = (
            (short_ids, english_short, short) if is_short else (ids, english, titles)
        )
        ident = pool[index % len(pool)]
        source = known[ident] if fresh else known[ident] + " (old)"
        into[ident] = TitleTranslation(source=source, title=f"T:{ident}:{is_short}")
    result = translated_plan(plan, Translations(titles=titles, short_titles=short))
    got, got_short = english_titles(result)
    for want, have, book, known in (
        (english, got, titles, english),
        (english_short, got_short, short, english_short),
    ):
        assert set(have) == set(want)
        for ident, title in have.items():
            entry = book.get(ident)
            fresh = entry is not None and entry.source == known[ident]
            assert title == (entry.title if fresh and entry else want[ident])
    assert without_titles(result) == without_titles(plan)


def test_no_translations_give_the_same_plan() -> None:
    plan = bundled()
    assert translated_plan(plan, None) is plan
    assert translated_plan(plan, Translations()) is plan
    stale = Translations(titles={plan.id: TitleTranslation(source="Old", title="Nouveau")})
    assert translated_plan(plan, stale) is plan


def test_every_titled_object_is_offered() -> None:
    plan = bundled()
    titles, short = english_titles(plan)
    milestones = [m for ppc in plan.ppcs for m in ppc.milestones]
    indicators = [i for ppc in plan.ppcs for i in ppc.indicators]
    assert len(titles) == (
        1
        + len(plan.areas)
        + len(plan.activities)
        + len(plan.ppcs)
        + len(milestones)
        + len(indicators)
    )
    assert set(short) == {plan.id, *(ppc.id for ppc in plan.ppcs)}
