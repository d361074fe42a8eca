"""`commit due` in words, and the same as the Markdown of the issue the scheduled workflow
keeps up to date (one issue per period)."""

from __future__ import annotations

from commit_cli import wording
from commit_cli.query.due import DueReport

GROUP_NAMES = {"ppc": "PPC", "lead": "lead", "country": "country task force"}


def _share(complete: float) -> str:
    return wording.percent(complete * 100)


def due_lines(report: DueReport) -> list[str]:
    """Lines for the terminal: a heading, then each group that owes, with its items."""
    owing = report.owing
    head = (
        f"Owed for {report.period.label} as of {wording.day(report.as_of)}, by"
        f" {GROUP_NAMES[report.by]}:"
    )
    if not owing:
        return [f"{head} nothing; every group has recorded all it owes"]
    lines = [head]
    for group in owing:
        lines.append(
            f"{group.label}: {_share(group.complete)} complete ({group.recorded} of"
            f" {group.expected} recorded)"
        )
        lines.extend(f"  {item.kind} {item.id}: {item.what}" for item in group.missing)
    return lines


def markdown_cell(text: str) -> str:
    """Plan text in a Markdown table cell or list: its markup characters escaped."""
    out = []
    for char in text:
        out.append("\\" + char if char in "\\`*_{}[]<>()#+-.!|~" else char)
    return "".join(out).replace("\n", " ")


def due_markdown(report: DueReport) -> str:
    """The body of the period's issue: a table of every group's share complete, then what
    each group still owes."""
    label = report.period.label
    lines = [
        f"# Reports owed for {label}",
        "",
        f"As of {report.as_of.isoformat()}, by {GROUP_NAMES[report.by]}; made by `commit due"
        f" --period {label} --by {report.by}` and updated on schedule.",
        "",
        f"| {GROUP_NAMES[report.by]} | complete | recorded | owed |",
        "|---|---:|---:|---:|",
    ]
    for group in report.groups:
        lines.append(
            f"| {markdown_cell(group.label)} | {_share(group.complete)} | {group.recorded} of"
            f" {group.expected} | {len(group.missing)} |"
        )
    for group in report.owing:
        lines += ["", f"## {markdown_cell(group.label)}", ""]
        lines += [
            f"- [ ] {item.kind} `{item.id}`: {markdown_cell(item.what)}" for item in group.missing
        ]
    if not report.owing:
        lines += ["", "Nothing is owed: every group has recorded all it owes."]
    return "\n".join(lines) + "\n"
