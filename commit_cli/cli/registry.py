"""Every command of `commit`, by name: the module that defines it and its one-line help.

The root command reads this table to list, complete and suggest command names, and imports a
command's module and builds its typer command only when that command runs, so `commit
status` pays for `status` alone and `commit --help` for no command module at all. A test
compares the table with the commands themselves (names and one-line helps), so the two
cannot drift apart.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple


class Entry(NamedTuple):
    module: str  # under commit_cli.cli.commands
    attribute: str  # the command's function, or the typer app of a group of subcommands
    summary: str  # the first line of its help, as `commit --help` lists it


# In the order `commit --help` lists them: reading, recording, history, reports, set-up.
COMMANDS: dict[str, Entry] = {
    "validate": Entry(
        "validate",
        "validate",
        "Check the plan and report every problem, one line each (exit 1 if any).",
    ),
    "export": Entry(
        "export",
        "export",
        "Write the whole validated plan for other programs: JSON, CSV tables or a calendar.",
    ),
    "status": Entry(
        "status",
        "status",
        "Where the plan stands: progress per PPC, overdue and due milestones, indicators.",
    ),
    "show": Entry(
        "show",
        "show",
        "Everything about one PPC, activity, area, milestone, indicator or country.",
    ),
    "list": Entry("listing", "list_", "A table of milestones or indicators, filtered and sorted."),
    "timeline": Entry(
        "timeline",
        "timeline",
        "The schedule as a Gantt chart: one line per milestone, grouped by PPC.",
    ),
    "due": Entry(
        "due",
        "due",
        "What each PPC, lead agency or country task force has not recorded for a period.",
    ),
    "start": Entry(
        "start",
        "start",
        "Record that work on a milestone started (status in_progress, actual start).",
    ),
    "done": Entry(
        "done",
        "done",
        "Record that a milestone was held or completed, with attendance and outcome.",
    ),
    "postpone": Entry(
        "postpone",
        "postpone",
        "Record that a milestone is postponed: its new window, why, and when it was decided.",
    ),
    "cancel": Entry(
        "cancel",
        "cancel",
        "Record that a milestone is cancelled: why, and when it was decided.",
    ),
    "record": Entry(
        "record",
        "record",
        "Record an indicator's value for a reporting period (or one country's part of it).",
    ),
    "update": Entry(
        "update",
        "update",
        "Record a PPC's progress, obstacles and next steps for a reporting period.",
    ),
    "review": Entry(
        "review",
        "review",
        "Add to a PPC's review for the final report: lessons, recommendations, failures.",
    ),
    "fund": Entry(
        "fund",
        "fund",
        "Record funding sought or found for a PPC: its source, status, amount and currency.",
    ),
    "spend": Entry(
        "spend", "spend", "Record what a PPC spent in a reporting period, in one currency."
    ),
    "decide": Entry(
        "decide",
        "decide",
        "Record a decision of a meeting (a SOM, an IMM, a task force) and what it affects.",
    ),
    "note": Entry("note", "note", "Add a dated note to a milestone's log."),
    "set": Entry(
        "set_field",
        "set_field",
        "Set one value of a milestone, indicator or PPC by its field name.",
    ),
    "unset": Entry(
        "unset", "unset", "Remove one value of a milestone, indicator or PPC by its field name."
    ),
    "add": Entry("add", "add_app", "Add a new milestone to a PPC."),
    "sheet": Entry(
        "sheet",
        "sheet_app",
        "Workbooks for country task forces: export one to fill in, apply the filled one.",
    ),
    "fmt": Entry("fmt", "fmt", "Write plan files in the canonical layout, keeping every comment."),
    "changes": Entry("changes", "changes", "What changed in the plan, grouped by PPC."),
    "diff": Entry("diff", "diff", "The semantic diff for a pull request, as Markdown."),
    "log": Entry(
        "log",
        "log",
        "Every change to one milestone, indicator or PPC, newest first, following renames.",
    ),
    "report": Entry(
        "report",
        "report_app",
        "Reports for governments: the six-monthly summary, a PPC report, the final report.",
    ),
    "site": Entry(
        "site",
        "site",
        "The plan as a static web site: home, every PPC, milestone, indicator, country, period.",
    ),
    "templates": Entry(
        "templates",
        "templates_app",
        "The report templates: list them, or copy defaults to start a custom one.",
    ),
    "demo": Entry(
        "demo",
        "demo",
        "Make a git repository with the bundled plan and an invented history of progress.",
    ),
    "schema": Entry(
        "schema",
        "schema",
        "Write JSON Schemas for plan.yaml and PPC files, generated from the model.",
    ),
    "init": Entry(
        "init",
        "init",
        "Create a new plan repository: plan, CI workflow, pre-commit, schemas, git.",
    ),
}


def load(name: str) -> Any:
    """What defines the command `name`: its function, or the typer app of its subcommands
    (the command's module is imported now)."""
    entry = COMMANDS[name]
    return getattr(import_module(f"commit_cli.cli.commands.{entry.module}"), entry.attribute)


def build(name: str) -> Any:
    """The click command typer makes for `name`, exactly as `app.command(name)` or
    `app.add_typer(..., name=name)` on the root would have made it, and only that one."""
    import typer

    target = load(name)
    single: typer.Typer = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    if isinstance(target, typer.Typer):
        single.add_typer(target, name=name)
    else:
        single.command(name)(target)
    command = typer.main.get_group(single).commands[name]
    for each in [command, *getattr(command, "commands", {}).values()]:
        each.help = unwrapped(each.help)
    return command


def unwrapped(text: str | None) -> str | None:
    """A help text with each paragraph on one line, for the terminal to wrap: typer's rich
    help keeps every line break of the docstring, so a paragraph wrapped at 92 columns in
    the source broke mid-line at 80. A line starting `commit ` (an example) stays a line."""
    if text is None:
        return None
    from inspect import cleandoc

    paragraphs = []
    for paragraph in cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):  # click's mark for a paragraph kept as written
            paragraphs.append(paragraph)
            continue
        lines: list[str] = []
        for line in paragraph.splitlines():
            if not lines or line.strip().startswith("commit "):
                lines.append(line.rstrip())
            else:
                lines[-1] += " " + line.strip()
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
