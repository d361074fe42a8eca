"""One place that words values for readers: the terminal, reports, exports and history all
call it, so the same value always reads the same (`12,345.6`, `58%`, `120 to 180`, `in
progress`, `partly met`).

The functions here word in the language being spoken (`speaking`): English (`ENGLISH`),
unless a report is being built in another (`reports.languages` sets a `Translated` for the
time of one report, so the context builders need no language argument threaded through
every call). `language.Wording` is the shape a language takes, and `labels` holds the English
label of every member of every closed vocabulary. Imports only `core`, and nothing heavy:
the warm path and `commit --help` may load it (Babel is imported only by a translation).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from commit_cli.core.periods import Span
from commit_cli.core.vocabulary import Combine, MilestoneKind, Phase, Status, Verdict
from commit_cli.wording.language import ENGLISH, NONE, Translated, Wording

if TYPE_CHECKING:
    from commit_cli.core.model import Window

_SPOKEN: ContextVar[Wording] = ContextVar("wording", default=ENGLISH)


def spoken() -> Wording:
    """The language values are worded in now (English outside `speaking`)."""
    return _SPOKEN.get()


@contextmanager
def speaking(words: Wording) -> Iterator[Wording]:
    """Word every value in `words`'s language until the block ends."""
    token = _SPOKEN.set(words)
    try:
        yield words
    finally:
        _SPOKEN.reset(token)


def gettext(message: str) -> str:
    """`message` (English, the msgid) in the language spoken; format its `%(name)s` fields
    after translating (`gettext("Done in %(period)s") % {"period": label}`)."""
    return _SPOKEN.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _SPOKEN.get().ngettext(singular, plural, count)


def number(value: float | None) -> str:
    return _SPOKEN.get().number(value)


def percent(value: float | None) -> str:
    return _SPOKEN.get().percent(value)


def amount(value: Decimal | str | None) -> str:
    return _SPOKEN.get().amount(value)


def decision(ident: str, meeting: str | None = None, day: date | str | None = None) -> str:
    return _SPOKEN.get().decision(ident, meeting, day)


def number_range(low: float | None, high: float | None = None) -> str:
    return _SPOKEN.get().number_range(low, high)


def money(amount: Decimal | None, currency: str) -> str:
    return _SPOKEN.get().money(amount, currency)


def plural(count: int, singular: str, many: str | None = None) -> str:
    return _SPOKEN.get().plural(count, singular, many)


def days(count: int) -> str:
    return _SPOKEN.get().days(count)


def day(value: date | str | None) -> str:
    return _SPOKEN.get().day(value)


def dates(start: date | str | None, end: date | str | None) -> str:
    return _SPOKEN.get().dates(start, end)


def period(span: Span | Window) -> str:
    return _SPOKEN.get().period(span)


def cadence(months: int) -> str:
    return _SPOKEN.get().cadence(months)


def label(member: StrEnum) -> str:
    return _SPOKEN.get().label(member)


def status(value: Status | str) -> str:
    return _SPOKEN.get().status(value)


def milestone_status(value: Status | str, *, overdue: bool = False, tentative: bool = False) -> str:
    return _SPOKEN.get().milestone_status(value, overdue=overdue, tentative=tentative)


def verdict(value: Verdict | str) -> str:
    return _SPOKEN.get().verdict(value)


def rule(value: Combine | str) -> str:
    return _SPOKEN.get().rule(value)


def phase(value: Phase | str) -> str:
    return _SPOKEN.get().phase(value)


def kind(value: MilestoneKind | str) -> str:
    return _SPOKEN.get().kind(value)


__all__ = [
    "ENGLISH",
    "NONE",
    "Translated",
    "Wording",
    "amount",
    "cadence",
    "dates",
    "day",
    "days",
    "decision",
    "gettext",
    "kind",
    "label",
    "milestone_status",
    "money",
    "ngettext",
    "number",
    "number_range",
    "percent",
    "period",
    "phase",
    "plural",
    "rule",
    "speaking",
    "spoken",
    "status",
    "verdict",
]
