"""Reader text in one language: how each kind of value reads wherever a person reads it.

`Wording` has one method per kind of value: a number, a percentage, a range of numbers, a
count of days (or of anything), a day, two days, a period, a reporting cadence, and the label
of a status, verdict, indicator rule, phase or kind of milestone. English (`ENGLISH`) is the
only language so far. Translating reports plugs in here: a `Wording` for another language
brings its own label tables and its own rules for numbers and dates, and the report's
environment registers its `filters()` instead of English's; nothing else changes.

Machine formats are not here: JSON numbers and days (`core.record.json_number`, `iso`), CSV
cells (`export.tables`) and YAML scalars (`yamlio.scalars`) keep what a program reads back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from commit_cli.core.periods import Span, span_label
from commit_cli.core.vocabulary import Combine, MilestoneKind, Phase, Status, Verdict
from commit_cli.wording.labels import ENGLISH as ENGLISH_LABELS

if TYPE_CHECKING:
    from commit_cli.core.model import Window

NONE = "–"  # what a missing number, percentage or day reads as
MAX_AMOUNT_DIGITS = 40  # digits either side of the point of an amount worded for a reader
CADENCES = {1: "monthly", 3: "quarterly", 6: "six-monthly", 12: "annual"}


class Wording:
    """How values read in one language (`language`, a BCP 47 tag), with one label table per
    enumeration (`labels`: the enumeration → its member → the label). A table is keyed by
    the members themselves; as members of a string enumeration equal their values, the
    value a record or a report's context holds (`"in_progress"`) finds the same label."""

    def __init__(
        self,
        language: str = "en",
        tables: Mapping[type[StrEnum], Mapping[Any, str]] = ENGLISH_LABELS,
    ) -> None:
        self.language = language
        self.tables = tables

    # --- numbers ------------------------------------------------------------------------

    def number(self, value: float | None) -> str:
        """`12,345.6`: thousands separated, at most two decimals, whole numbers without a
        point (`1,234`, not `1,234.0`); None is `–`."""
        if value is None:
            return NONE
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, int) or float(value).is_integer():
            return f"{int(value):,}"
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    def percent(self, value: float | None) -> str:
        """A percentage (57.5 → `58%`), to the nearest whole one; None is `–`."""
        if value is None:
            return NONE
        if not math.isfinite(value):
            return f"{value}%"
        return f"{self.number(round(value))}%"

    def amount(self, value: Decimal | str | None) -> str:
        """`120,000.50`: an amount of money exactly as recorded (every decimal place it was
        given, never rounded), thousands separated; None is `–`. Text is read as the exact
        decimal text a record or a report's context holds (`"120000.50"`); anything else, or
        an amount of more than `MAX_AMOUNT_DIGITS` digits either side of the point, is a
        ValueError (a template's own value, which would otherwise be written out in full)."""
        if value is None:
            return NONE
        try:
            amount = value if isinstance(value, Decimal) else Decimal(value)
        except (ArithmeticError, TypeError, ValueError):
            raise ValueError(f"{str(value)[:40]!r} is not an amount of money") from None
        exponent = amount.as_tuple().exponent
        if (
            not amount.is_finite()
            or not isinstance(exponent, int)
            or max(amount.adjusted(), -exponent) > MAX_AMOUNT_DIGITS
        ):
            raise ValueError(f"{str(value)[:40]!r} is not an amount of money")
        return f"{amount:,f}"

    def money(self, amount: Decimal | None, currency: str) -> str:
        """`120,000.50 USD`: an amount as `amount` words it, and its currency; None is `–`."""
        if amount is None:
            return NONE
        return f"{self.amount(amount)} {currency}"

    def number_range(self, low: float | None, high: float | None = None) -> str:
        """`120 to 180`; one number when there is no upper end; `–` without a lower end."""
        if low is None:
            return NONE
        if high is None:
            return self.number(low)
        return f"{self.number(low)} to {self.number(high)}"

    def plural(self, count: int, singular: str, many: str | None = None) -> str:
        """`1 milestone`, `3 milestones` (`many` when the plural is not singular + s)."""
        noun = singular if abs(count) == 1 else (many or singular + "s")
        return f"{self.number(count)} {noun}"

    def days(self, count: int) -> str:
        """`1 day`, `30 days`."""
        return self.plural(count, "day")

    # --- days and periods ---------------------------------------------------------------

    def day(self, value: date | str | None) -> str:
        """A day: `2006-06-30` (a report's context holds days as that text already); None
        is `–`."""
        if value is None:
            return NONE
        return value if isinstance(value, str) else value.isoformat()

    def dates(self, start: date | str | None, end: date | str | None) -> str:
        """From one day to another: `2006-01-01 to 2006-06-30`."""
        return f"{self.day(start)} to {self.day(end)}"

    def period(self, span: Span | Window) -> str:
        """A span of days as the shortest period spec that names it: `2006-H1`, `2005 to
        2007-H1` (`core.periods.span_label`)."""
        return span_label(span if isinstance(span, Span) else Span(span.start, span.end))

    def decision(
        self, ident: str, meeting: str | None = None, day: date | str | None = None
    ) -> str:
        """A decision a change cites: `decision som3-d4, SOM 3, 2006-05-17` (its meeting
        and day when they are known, else `decision som3-d4`)."""
        return ", ".join(
            [
                f"decision {ident}",
                *([meeting] if meeting else []),
                *([self.day(day)] if day else []),
            ]
        )

    def cadence(self, months: int) -> str:
        """The adjective of a reporting cadence: `six-monthly` for 6 months."""
        return CADENCES.get(months, f"{months}-monthly")

    # --- labels -------------------------------------------------------------------------

    def label(self, member: StrEnum) -> str:
        """The label of any member of a closed vocabulary."""
        return self.tables[type(member)][member]

    def _lookup(self, vocabulary: type[StrEnum], value: StrEnum | str) -> str:
        try:
            return self.tables[vocabulary][value]
        except KeyError:  # a template's own value: say what it may be
            allowed = ", ".join(vocabulary)
            raise ValueError(f"{value!r} is not one of {allowed}") from None

    def status(self, value: Status | str) -> str:
        """`in progress`."""
        return self._lookup(Status, value)

    def milestone_status(
        self, value: Status | str, *, overdue: bool = False, tentative: bool = False
    ) -> str:
        """A milestone's status, marked when overdue or tentative: `planned (overdue)`."""
        words = self.status(value)
        if overdue:
            return f"{words} (overdue)"
        return f"{words} (tentative)" if tentative else words

    def verdict(self, value: Verdict | str) -> str:
        """`partly met`."""
        return self._lookup(Verdict, value)

    def rule(self, value: Combine | str) -> str:
        """The name of the figure an indicator's rule makes: `cumulative` (sum), `latest`."""
        return self._lookup(Combine, value)

    def phase(self, value: Phase | str) -> str:
        """`core activities`."""
        return self._lookup(Phase, value)

    def kind(self, value: MilestoneKind | str) -> str:
        """A kind of milestone: `seminar`."""
        return self._lookup(MilestoneKind, value)

    # --- templates ----------------------------------------------------------------------

    def filters(self) -> dict[str, Callable[..., str]]:
        """The Jinja filters of reports in this language (`reports.render.environment`)."""
        return {
            "number": self.number,
            "percent": self.percent,
            "amount": self.amount,
            "number_range": self.number_range,
            "plural": self.plural,
            "days": self.days,
            "date": self.day,
            "dates": self.dates,
            "cadence": self.cadence,
            "status_label": self.status,
            "verdict_label": self.verdict,
            "rule_label": self.rule,
            "phase_label": self.phase,
            "kind_label": self.kind,
        }


ENGLISH = Wording()
