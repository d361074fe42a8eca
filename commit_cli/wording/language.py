"""Reader text in one language: how each kind of value reads wherever a person reads it.

`Wording` has one method per kind of value: a number, a percentage, a range of numbers, a
count of days (or of anything), a day, two days, a period, a reporting cadence, and the label
of a status, verdict, indicator rule, phase or kind of milestone, and `gettext` for any other
sentence a reader sees. English (`ENGLISH`) is the source language: its messages are the
msgids. `Translated` is another language: its messages come from a gettext catalog (read by
`reports.languages`), its labels are the English labels looked up in that catalog, and its
numbers and days are formatted by Babel for its locale.

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

    # --- messages -----------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """`message` (an English msgid) in this language: English is the msgid itself."""
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural message for `count`."""
        return singular if abs(count) == 1 else plural

    @property
    def tag(self) -> str:
        """The BCP 47 tag of the language, as HTML's `lang` and a PDF name it."""
        return self.language

    # --- numbers ------------------------------------------------------------------------

    def number(self, value: float | None) -> str:
        """`12,345.6`: thousands separated, at most two decimals, whole numbers without a
        point (`1,234`, not `1,234.0`); None is `–`."""
        if value is None:
            return NONE
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
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
        return self.gettext("%(low)s to %(high)s") % {
            "low": self.number(low),
            "high": self.number(high),
        }

    def plural(self, count: int, singular: str, many: str | None = None) -> str:
        """`1 milestone`, `3 milestones` (`many` when the plural is not singular + s)."""
        noun = self.ngettext(singular, many or singular + "s", count)
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
        return self.gettext("%(start)s to %(end)s") % {
            "start": self.day(start),
            "end": self.day(end),
        }

    def period(self, span: Span | Window) -> str:
        """A span of days as the shortest period spec that names it: `2006-H1`, `2005 to
        2007-H1` (`core.periods.span_label`)."""
        label = span_label(span if isinstance(span, Span) else Span(span.start, span.end))
        if " to " not in label:
            return label
        start, end = label.split(" to ", 1)
        return self.gettext("%(start)s to %(end)s") % {"start": start, "end": end}

    def decision(
        self, ident: str, meeting: str | None = None, day: date | str | None = None
    ) -> str:
        """A decision a change cites: `decision som3-d4, SOM 3, 2006-05-17` (its meeting
        and day when they are known, else `decision som3-d4`)."""
        return ", ".join(
            [
                self.gettext("decision %(id)s") % {"id": ident},
                *([meeting] if meeting else []),
                *([self.day(day)] if day else []),
            ]
        )

    def cadence(self, months: int) -> str:
        """The adjective of a reporting cadence: `six-monthly` for 6 months."""
        if months in CADENCES:
            return self.gettext(CADENCES[months])
        return self.gettext("%(months)s-monthly") % {"months": self.number(months)}

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
            return self.gettext("%(status)s (overdue)") % {"status": words}
        if tentative:
            return self.gettext("%(status)s (tentative)") % {"status": words}
        return words

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


class Translated(Wording):
    """A language other than English: `messages` (msgid → translation, from its catalog)
    words every sentence and label; Babel formats numbers, percentages and days for
    `locale` (a Babel locale name: `th`, `zh_Hans`). A msgid the catalog lacks reads in
    English (a test keeps every catalog complete)."""

    def __init__(self, language: str, locale: str, tag: str, messages: Mapping[str, str]) -> None:
        self.messages = messages
        self.locale = locale
        self._tag = tag
        # Babel takes tens of microseconds a day or a number; a site says the same days
        # (its as-of day on every page) thousands of times, so each is worded once.
        self._days: dict[date | str, str] = {}
        tables = {
            vocabulary: {member: self.gettext(text) for member, text in table.items()}
            for vocabulary, table in ENGLISH_LABELS.items()
        }
        super().__init__(language, tables)

    @property
    def tag(self) -> str:
        return self._tag

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        # The six languages have one plural form (CLDR): the catalog keeps it under the
        # singular msgid.
        return self.messages.get(singular) or (singular if abs(count) == 1 else plural)

    def number(self, value: float | None) -> str:
        if value is None or isinstance(value, bool) or not math.isfinite(value):
            return super().number(value)
        from babel.numbers import format_decimal

        rounded = value if isinstance(value, int) else round(value, 2)
        return str(format_decimal(rounded, format="#,##0.##", locale=self.locale))

    def percent(self, value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return super().percent(value)
        from babel.numbers import format_percent

        return str(format_percent(round(value) / 100, locale=self.locale))

    def amount(self, value: Decimal | str | None) -> str:
        checked = super().amount(value)  # None, and what is not an amount, as English says
        if value is None:
            return checked
        from babel.numbers import format_decimal

        exact = value if isinstance(value, Decimal) else Decimal(value)
        places = max(0, -int(exact.as_tuple().exponent))
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return str(
            format_decimal(exact, format=pattern, locale=self.locale, decimal_quantization=False)
        )

    def day(self, value: date | str | None) -> str:
        if value is None:
            return NONE
        known = self._days.get(value)
        if known is not None:
            return known
        from babel.dates import format_date

        try:
            day = value if isinstance(value, date) else date.fromisoformat(value)
        except ValueError:  # not a day: as written
            return str(value)
        worded = self._days[value] = str(format_date(day, format="medium", locale=self.locale))
        return worded
