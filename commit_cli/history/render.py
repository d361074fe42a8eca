"""Changes as text for the terminal and as Markdown for pull-request comments, CI job
summaries and reports: grouped by PPC, each change in words with its commit.

Text from commits (messages, author names) is never trusted: control characters are shown
escaped and Markdown is escaped, so a message cannot break a line, a table, or mention
people in a pull-request comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from commit_cli import wording
from commit_cli.history.changes import Attribution, Change
from commit_cli.history.provenance import FieldOrigin
from commit_cli.history.review import PlanReview
from commit_cli.history.walk import History
from commit_cli.problems import Problem, Severity
from commit_cli.safetext import one_line

PLAN_WIDE = "Plan-wide"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str, limit: int = 200) -> str:
    """Plain text made safe inside Markdown (one line, specials escaped, no HTML, no
    @-mentions)."""
    flat = one_line(text, limit)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("@", "&#64;")


def natural(ident: str | None) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    """ppc-2 before ppc-10; plan-wide changes first."""
    if ident is None:
        return (0, ())
    parts = re.split(r"(\d+)", ident)
    return (1, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


def by_ppc(
    changes: Iterable[Change], order: Iterable[str] = ()
) -> list[tuple[str | None, list[Change]]]:
    """Changes grouped by PPC: plan-wide first, then the PPCs in `order` (the plan's file
    order), then any others (removed PPCs) by id."""
    groups: dict[str | None, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.ppc, []).append(change)
    place = {ident: index for index, ident in enumerate(order)}

    def key(item: tuple[str | None, list[Change]]) -> tuple[int, int, object]:
        ident = item[0]
        if ident is None:
            return (0, 0, natural(ident))
        return (1, place.get(ident, len(place)), natural(ident))

    return sorted(groups.items(), key=key)


def heading(ppc: str | None, titles: dict[str, str]) -> str:
    if ppc is None:
        return PLAN_WIDE
    return f"{ppc} · {titles[ppc]}" if ppc in titles else ppc


def what(change: Change) -> str:
    """The change in words, with the object it is about (a PPC's own fields: the field)."""
    if change.subject in ("ppc", "plan") and change.field is None:
        return change.summary
    if change.subject in ("ppc", "plan"):
        return change.summary
    return f"{change.id}: {change.summary}"


def who(by: Attribution | None) -> str:
    if by is None:
        return "not committed"
    pr = f", #{by.pr}" if by.pr is not None else ""
    return f"{by.short}, {one_line(by.author, 40)}{pr}"


def rationale(change: Change) -> str | None:
    """The commit message of a target revision, subject and body on one line."""
    why = change.rationale
    if not why:
        return None
    subject, _, body = why.partition("\n")
    text = " ".join(subject.split())
    if body.strip():
        text += " — " + " ".join(body.split())
    return one_line(text, 200)


def _count(changes: Sequence[Change], commits: int | None = None) -> str:
    text = wording.plural(len(changes), "change")
    if commits is not None:
        text += " in " + wording.plural(commits, "commit")
    return text


def history_title(history: History) -> str:
    since = f"after {history.since}" if history.since else "from the beginning"
    return f"Changes to the plan {since} up to {history.until}"


# --- text ---------------------------------------------------------------------------------


def change_lines(
    changes: Iterable[Change], titles: dict[str, str], indent: str = "  "
) -> list[str]:
    lines: list[str] = []
    for ppc, group in by_ppc(changes, titles):
        lines.append("")
        lines.append(heading(ppc, titles))
        for change in group:
            day = wording.day(change.by.day) if change.by else "(working tree)"
            lines.append(f"{indent}{day} {one_line(what(change), 200)}  ({who(change.by)})")
            why = rationale(change)
            if why:
                lines.append(f"{indent}    why: {why}")
    return lines


def history_text(history: History) -> str:
    lines = [f"{history_title(history)}: {_count(history.changes, history.commits)}"]
    lines += change_lines(history.changes, history.ppc_titles)
    lines += _trouble_text(history.unreadable_lines(), history.notes)
    return "\n".join(lines) + "\n"


def _trouble_text(unreadable: list[str], notes: list[str]) -> list[str]:
    lines: list[str] = []
    if unreadable:
        lines += [
            "",
            "Not readable at some commits (their changes count from the next one that reads):",
        ]
        lines += [f"  {one_line(item, 300)}" for item in unreadable]
    if notes:
        lines += ["", *(f"note: {one_line(note, 300)}" for note in notes)]
    return lines


def log_text(ident: str, changes: list[Change]) -> str:
    lines = [f"History of {ident}, newest first: {_count(changes)}"]
    for change in changes:
        day = wording.day(change.by.day) if change.by else "(working tree)"
        lines.append(f"  {day} {one_line(what(change), 200)}  ({who(change.by)})")
        why = rationale(change)
        if why:
            lines.append(f"      why: {why}")
    return "\n".join(lines) + "\n"


def provenance_text(ident: str, origins: list[FieldOrigin]) -> str:
    width = max((len(origin.field) for origin in origins), default=5)
    lines = [f"Provenance of {ident}: the commit that last set each field's current value"]
    for origin in origins:
        if origin.uncommitted:
            where = "not committed yet (changed in the working tree)"
        elif origin.by is None:
            where = "before the history that can be read"
        else:
            by = origin.by
            pr = f" #{by.pr}" if by.pr is not None else ""
            where = f"{by.short} {by.day} {one_line(by.author, 40)}{pr}: {one_line(by.subject, 60)}"
        lines.append(f"  {origin.field.ljust(width)}  {where}")
    return "\n".join(lines) + "\n"


def review_text(result: PlanReview) -> str:
    lines = [f"Changes from {result.base} to {result.head}: {_count(result.changes)}"]
    lines += change_lines(result.changes, result.ppc_titles)
    lines.append("")
    lines.append(_validity(result))
    for title, problems in (
        ("Problems introduced", result.introduced),
        ("Problems fixed", result.fixed),
    ):
        if problems:
            lines.append(f"{title} ({len(problems)}):")
            lines += [f"  {problem.format()}" for problem in problems]
    return "\n".join(lines) + "\n"


def _validity(result: PlanReview) -> str:
    counts = f"{result.errors} error(s), {result.warnings} warning(s)"
    if result.valid:
        return f"The plan is valid at {result.head}: {counts}{_new_warnings(result)}."
    return f"The plan is invalid at {result.head}: {counts}; run `commit validate`."


def _new_warnings(result: PlanReview) -> str:
    """What the pull request's check (`validate --new-since`) says of a valid result: it
    refuses the warnings the change adds, and only those."""
    added = sum(1 for problem in result.introduced if problem.severity == Severity.warning)
    if not added:
        return ""
    what = "a warning" if added == 1 else f"{added} warnings"
    return (
        f"; the change adds {what}, which the pull request's check (`validate --new-since`) refuses"
    )


# --- Markdown -----------------------------------------------------------------------------


def _md_who(by: Attribution | None) -> str:
    if by is None:
        return "not committed"
    pr = f" (#{by.pr})" if by.pr is not None else ""
    return f"`{by.short}`{pr} {md(by.author, 40)}"


def _md_change(change: Change) -> str:
    text = md(change.summary, 300)
    if change.subject not in ("ppc", "plan"):
        text = f"`{change.id}` {text}"
    why = rationale(change)
    if why:
        text += f" — *why:* {md(why)}"
    return text


def changes_markdown(
    changes: Iterable[Change], titles: dict[str, str], level: str = "###"
) -> list[str]:
    lines: list[str] = []
    for ppc, group in by_ppc(changes, titles):
        lines += ["", f"{level} {md(heading(ppc, titles))}", ""]
        lines += ["| Date | Change | Commit |", "|---|---|---|"]
        for change in group:
            day = wording.day(change.by.day) if change.by else "–"
            lines.append(f"| {day} | {_md_change(change)} | {_md_who(change.by)} |")
    return lines


def history_markdown(history: History) -> str:
    lines = [f"## {md(history_title(history))}", "", f"{_count(history.changes, history.commits)}."]
    lines += changes_markdown(history.changes, history.ppc_titles)
    unreadable = history.unreadable_lines()
    if unreadable:
        lines += ["", "### Not readable at some commits", ""]
        lines += [f"- {_code(item)}" for item in unreadable]
    if history.notes:
        lines += ["", *(f"> {md(note, 300)}" for note in history.notes)]
    return "\n".join(lines) + "\n"


def log_markdown(ident: str, changes: list[Change]) -> str:
    lines = [f"## History of `{ident}`", "", f"{_count(changes)}, newest first.", ""]
    lines += ["| Date | Change | Commit |", "|---|---|---|"]
    for change in changes:
        day = wording.day(change.by.day) if change.by else "–"
        lines.append(f"| {day} | {_md_change(change)} | {_md_who(change.by)} |")
    return "\n".join(lines) + "\n"


def review_markdown(result: PlanReview) -> str:
    """The pull-request comment: what the change does to the plan, in words, and whether
    it leaves the plan valid."""
    lines = ["## What this change does to the plan", ""]
    lines.append(f"From {_code(result.base)} to {md(result.head)}: {_count(result.changes)}.")
    if not result.changes:
        lines += ["", "No change to the plan's data (only formatting, comments or other files)."]
    for ppc, group in by_ppc(result.changes, result.ppc_titles):
        lines += ["", f"### {md(heading(ppc, result.ppc_titles))}", ""]
        lines += [f"- {_md_change(change)}" for change in group]
    lines += ["", "### Validity", ""]
    counts = f"{result.errors} error(s), {result.warnings} warning(s)"
    if result.valid:
        added = _new_warnings(result)
        mark = "⚠️" if added else "✅"
        lines.append(f"{mark} The plan is valid at {md(result.head)}: {counts}{added}.")
    else:
        lines.append(
            f"❌ The plan is invalid at {md(result.head)}: {counts}; run `commit validate`."
        )
    for title, problems in (
        ("Problems introduced", result.introduced),
        ("Problems fixed", result.fixed),
    ):
        if problems:
            lines += ["", f"**{title} ({len(problems)})**", ""]
            lines += [_md_problem(problem) for problem in problems]
    if result.unreadable:
        lines += [
            "",
            f"Files that could not be read: {', '.join(map(_code, result.unreadable))};"
            " their changes are not shown.",
        ]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Text as inline code (a file name or a located problem), backticks made quotes."""
    return "`" + one_line(text, 300).replace("`", "'") + "`"


def _md_problem(problem: Problem) -> str:
    place = _code(f"{problem.file}:{problem.line}:{problem.column}")
    return f"- {place} {problem.severity}: {md(problem.message, 300)}"
