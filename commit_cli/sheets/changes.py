"""From the cells a person changed to the edits the commands make.

Each changed cell is compared with its value at export time (unchanged cells are ignored)
and with the plan's value now: when the plan moved too, it is a conflict, listed with both
values, unless the caller takes the sheet's or the plan's. The changes of one row become
the edit operations the commands perform (`edit.operations`: start, done, postpone, cancel,
record, update, note), with the command line that would make each, so the output reads as
what a person at the command line would have typed, and the result is the same bytes.

A cell that cannot be one (a date typed as text, a status not in the list, a count that is
not a whole number) is a problem naming the cell: `Milestones!F7: …`.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from commit_cli.core.periods import PeriodError, date_hint, parse_date
from commit_cli.core.vocabulary import Status
from commit_cli.edit import operations
from commit_cli.edit.session import Edit
from commit_cli.sheets.layout import (
    STATUS_LABELS,
    STATUS_OF_LABEL,
    PlanValues,
    Selection,
    Value,
)
from commit_cli.sheets.read import CellRecord, ReadWorkbook
from commit_cli.wording import labels

Operation = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Planned:
    """One edit to make, where it came from (sheet and first changed cell) and the command
    line that makes it."""

    where: str
    command: str
    edit: Edit
    ppc: str  # the PPC whose file holds the object


@dataclass(frozen=True)
class Conflict:
    where: str
    exported: Value
    sheet: Value
    plan: Value

    def format(self, name: str) -> str:
        return (
            f"{name}:{self.where}: conflict: the workbook says {_shown(self.sheet)}, the plan"
            f" now says {_shown(self.plan)} (both were {_shown(self.exported)} at export);"
            " keep one with --take-sheet or --take-plan"
        )


@dataclass
class Outcome:
    planned: list[Planned] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _shown(value: Value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def same(one: Value, other: Value) -> bool:
    """Whether two cell values say the same: a date typed as text `2006-09-14` is that
    date, a number typed as text `12` is that number."""
    return one == other or _text(one) == _text(other)


def _text(value: Value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


class _RowProblem(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def _day(field_name: str, value: Value) -> str:
    """A date cell as the commands take it (YYYY-MM-DD)."""
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    try:
        return parse_date(text).isoformat()
    except PeriodError:
        hint = date_hint(text)
        raise _RowProblem(
            field_name, f"'{text}' is not a date; {hint}, or type it as a date"
        ) from None


def _whole(field_name: str, value: Value) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise _RowProblem(field_name, f"{_shown(value)} is not a count; type a whole number, e.g. 12")


def _number(field_name: str, value: Value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        from commit_cli.edit.arguments import plain

        try:
            number = plain("VALUE", value)
        except Exception:
            number = None
        if isinstance(number, int | float) and not isinstance(number, bool):
            return value
    raise _RowProblem(field_name, f"{_shown(value)} is not a number; type a number, e.g. 12")


def _command(words: list[str]) -> str:
    return " ".join(shlex.quote(word) for word in ["commit", *words])


@dataclass
class _Row:
    """The cells of one object's row: their values at export, in the sheet, and changed."""

    kind: str
    ident: str
    sheet: str
    refs: dict[str, str]
    exported: dict[str, Value]
    now: dict[str, Value]
    changed: set[str]

    def first_ref(self) -> str:
        return min((self.refs[name] for name in self.changed), key=lambda ref: (len(ref), ref))


class Planner:
    """Turns a read workbook into planned edits, conflicts and problems."""

    def __init__(
        self,
        book: ReadWorkbook,
        plan: PlanValues,
        selection: Selection,
        today: date,
        author: Callable[[], str],
        take: str | None = None,
    ) -> None:
        self.book = book
        self.plan = plan
        self.selection = selection
        self.today = today.isoformat()
        self.author = author
        self.take = take
        self.outcome = Outcome(problems=list(book.problems))
        self._taken: dict[str, Value] = {}

    def plan_edits(self) -> Outcome:
        rows = self._rows()
        for row in rows:
            try:
                if row.kind == "milestone":
                    self._milestone(row)
                elif row.kind == "indicator":
                    self._indicator(row)
                else:
                    self._update(row)
            except _RowProblem as problem:
                ref = row.refs.get(problem.field) or row.first_ref()
                self.outcome.problems.append(f"{row.sheet}!{ref}: {problem.message}")
        return self.outcome

    def _rows(self) -> list[_Row]:
        """The rows with a cell to apply, each with all its cells. One pass finds them
        (and the problems and conflicts, in the workbook's order); a second gathers those
        rows' cells, so a large workbook's unchanged rows are never held."""
        changed: dict[tuple[str, str], set[str]] = {}
        taken: dict[tuple[str, str], Value] = {}  # (where, field) -> the value of the side taken
        bad = {problem.split(":", 1)[0] for problem in self.book.problems}
        for record in self.book.cells:
            where = f"{record.sheet}!{record.ref}"
            now = self.book.now.get((record.sheet, record.ref))
            if where in bad or same(now, record.exported):
                continue
            if not self._row_in_place(record):
                continue
            if self._conflicting(record, where, now):
                if where in self._taken:
                    taken[(where, record.field)] = self._taken[where]
                continue
            changed.setdefault((record.sheet, record.ident), set()).add(record.field)
        rows: dict[tuple[str, str], _Row] = {}
        for record in self.book.cells:
            key = (record.sheet, record.ident)
            fields = changed.get(key)
            if fields is None:
                continue
            row = rows.get(key)
            if row is None:
                row = rows[key] = _Row(record.kind, record.ident, record.sheet, {}, {}, {}, fields)
            where = f"{record.sheet}!{record.ref}"
            row.refs[record.field] = record.ref
            row.exported[record.field] = record.exported
            row.now[record.field] = taken.get(
                (where, record.field), self.book.now.get((record.sheet, record.ref))
            )
        return list(rows.values())

    def _row_in_place(self, record: CellRecord) -> bool:
        number = int("".join(char for char in record.ref if char.isdigit()))
        shown = self.book.ids.get((record.sheet, number))
        if shown == record.ident:
            return True
        self.outcome.problems.append(
            f"{record.sheet}!A{number}: this row was about {record.ident}, but now says"
            f" {_shown(shown)}; rows cannot be moved or sorted: export the workbook again"
        )
        return False

    def _conflicting(self, record: CellRecord, where: str, now: Value) -> bool:
        """Whether the cell is not to be applied: the object is gone (a problem), the plan
        already says what the cell says, or the plan moved since export too (a conflict,
        unless a side is taken)."""
        found, plan_now = self.plan.get(record.kind, record.ident, record.field)
        if not found:
            self.outcome.problems.append(
                f"{where}: {record.ident} is no longer in the plan; export the workbook again"
            )
            return True
        if same(plan_now, now):
            return True  # applied before, or recorded meanwhile as the workbook says
        if record.field == "note" and self.plan.has_note(record.ident, _text(now)):
            return True
        if same(plan_now, record.exported) or self.take == "sheet":
            return False
        if self.take == "plan":
            self._taken[where] = plan_now  # the rest of the row reads the plan's value
        else:
            self.outcome.conflicts.append(Conflict(where, record.exported, now, plan_now))
        return True

    def _add(self, row: _Row, command: list[str], kinds: tuple[str, ...], op: Operation) -> None:
        edit = Edit(command[0], row.ident, kinds, op)
        where = f"{row.sheet}!{row.first_ref()}"
        ppc = self.plan.owner.get((row.kind, row.ident), row.ident)
        self.outcome.planned.append(Planned(where, _command(command), edit, ppc))

    # --- milestones -----------------------------------------------------------------------

    def _cleared(self, row: _Row, names: tuple[str, ...]) -> None:
        for name in names:
            if name in row.changed and row.now[name] is None and row.exported[name] is not None:
                raise _RowProblem(
                    name,
                    f"cannot clear a recorded value from a workbook (it was"
                    f" {_shown(row.exported[name])}); type it back, and ask the secretariat to"
                    " correct the plan",
                )

    def _milestone(self, row: _Row) -> None:
        done_fields = ("end", "attended", "women", "men", "outcome", "report")
        self._cleared(row, ("start", *done_fields))
        label = row.now["status"]
        status = STATUS_OF_LABEL.get(label) if isinstance(label, str) else None
        if status is None:
            raise _RowProblem(
                "status",
                f"{_shown(label)} is not a status; choose one of: {', '.join(STATUS_LABELS)}",
            )
        note = _text(row.now.get("note")) or None
        reason_used = False
        changed = row.changed
        if "status" in changed or changed & {"start", *done_fields}:
            if status is Status.done:
                self._done(row)
            elif status is Status.in_progress:
                self._start(row, done_fields)
            elif "status" in changed and status is Status.postponed:
                self._postpone(row, note)
                reason_used = True
            elif "status" in changed and status is Status.cancelled:
                self._cancel(row, note)
                reason_used = True
            elif "status" in changed:
                raise _RowProblem(
                    "status",
                    f"a workbook cannot set a milestone back to {labels.STATUS[status]};"
                    f" ask the secretariat (`commit set {row.ident} status {status.value}`)",
                )
            else:
                name = sorted(changed & {"start", *done_fields})[0]
                raise _RowProblem(
                    name,
                    f"a milestone that is {label} has no actual dates or attendance; set its"
                    " status to in progress or done first",
                )
        elif "postpone_to" in changed:
            raise _RowProblem(
                "postpone_to",
                "a new window is for a postponed milestone; set its status to postponed",
            )
        if note is not None and "note" in changed and not reason_used:
            by = self.author()
            self._add(
                row,
                ["note", row.ident, note, "--on", self.today, "--by", by],
                ("milestone",),
                partial(operations.note, text=note, on=self.today, by=by),
            )

    def _start(self, row: _Row, done_fields: tuple[str, ...]) -> None:
        extra = sorted(row.changed & set(done_fields))
        if extra:
            raise _RowProblem(
                extra[0], "the end, attendance, outcome and report are recorded when it is done"
            )
        if row.now["start"] is None:
            raise _RowProblem("start", "a milestone in progress needs its actual start date")
        on = _day("start", row.now["start"])
        self._add(
            row, ["start", row.ident, "--on", on], ("milestone",), partial(operations.start, on=on)
        )

    def _done(self, row: _Row) -> None:
        if row.now["end"] is None:
            raise _RowProblem("end", "a done milestone needs its actual end date")
        on = _day("end", row.now["end"])
        words = ["done", row.ident, "--on", on]
        started = None
        if "start" in row.changed:  # not empty: clearing it was refused
            started = _day("start", row.now["start"])
            words += ["--from", started]
        counts: dict[str, int | None] = {"attended": None, "women": None, "men": None}
        if row.changed & set(counts):
            counts = {name: _whole(name, row.now[name]) for name in counts}
            if counts["attended"] is None:
                raise _RowProblem("attended", "give the total attended with women and men")
            for name, value in counts.items():
                if value is not None:
                    words += [f"--{name}", str(value)]
        texts: dict[str, str | None] = {"outcome": None, "report": None}
        for name in texts:
            if name in row.changed:
                texts[name] = _text(row.now[name])
                words += [f"--{name}", texts[name] or ""]
        operation = partial(
            operations.done,
            on=on,
            started=started,
            attended=counts["attended"],
            women=counts["women"],
            men=counts["men"],
            outcome=texts["outcome"],
            report=texts["report"],
        )
        self._add(row, words, ("milestone",), operation)

    def _postpone(self, row: _Row, reason: str | None) -> None:
        to = _text(row.now.get("postpone_to"))
        if not to:
            raise _RowProblem(
                "postpone_to", "a postponed milestone needs its new window, e.g. 2007-H1"
            )
        if reason is None:
            raise _RowProblem("note", "say why it was postponed in the note")
        self._add(
            row,
            ["postpone", row.ident, "--to", to, "--reason", reason, "--on", self.today],
            ("milestone",),
            partial(operations.postpone, to=to, reason=reason, on=self.today),
        )

    def _cancel(self, row: _Row, reason: str | None) -> None:
        if reason is None:
            raise _RowProblem("note", "say why it was cancelled in the note")
        self._add(
            row,
            ["cancel", row.ident, "--reason", reason, "--on", self.today],
            ("milestone",),
            partial(operations.cancel, reason=reason, on=self.today),
        )

    # --- indicators and updates -----------------------------------------------------------

    def _indicator(self, row: _Row) -> None:
        self._cleared(row, ("value", "country_value"))
        period = self.selection.period.label
        for name in ("value", "country_value"):
            if name not in row.changed:
                continue
            value = _number(name, row.now[name])
            country = self.selection.country if name == "country_value" else None
            words = ["record", row.ident, value, "--period", period]
            if country:
                words += ["--country", country]
            self._add(
                row,
                words,
                ("indicator",),
                partial(operations.record, value=value, period=period, country=country),
            )

    def _update(self, row: _Row) -> None:
        self._cleared(row, ("progress",))
        period = self.selection.period.label
        progress = _text(row.now["progress"]) if "progress" in row.changed else None
        added: dict[str, list[str]] = {}
        for name in ("obstacles", "next_steps"):
            before = [line.strip() for line in _text(row.exported[name]).splitlines()]
            after = [line.strip() for line in _text(row.now[name]).splitlines() if line.strip()]
            before = [line for line in before if line]
            if after[: len(before)] != before:
                raise _RowProblem(
                    name,
                    "the lines recorded before cannot be changed or removed from a workbook;"
                    " keep them, and add new lines below",
                )
            added[name] = after[len(before) :]
        if progress is None and not added["obstacles"] and not added["next_steps"]:
            return
        words = ["update", row.ident, "--period", period]
        if progress is not None:
            words += ["--progress", progress]
        words += [word for text in added["obstacles"] for word in ("--obstacle", text)]
        words += [word for text in added["next_steps"] for word in ("--next", text)]
        operation = partial(
            operations.update,
            period=period,
            progress=progress,
            obstacles=added["obstacles"],
            next_steps=added["next_steps"],
        )
        self._add(row, words, ("ppc",), operation)
