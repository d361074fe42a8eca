"""`commit review`: what the final report says of a PPC (lessons learned, recommendations,
failures, obstacles)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.update import PPCArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption
from commit_cli.errors import UsageError


def _texts(option: str, help_text: str) -> Any:
    return typer.Option(
        option, f"{option}s", metavar="TEXT", help=f"{help_text} (repeat).", show_default=False
    )


@handle_edit_errors
def review(
    ppc: PPCArgument,
    lesson: Annotated[list[str] | None, _texts("--lesson", "A lesson learned")] = None,
    recommendation: Annotated[
        list[str] | None, _texts("--recommendation", "A recommendation")
    ] = None,
    failure: Annotated[list[str] | None, _texts("--failure", "Something that failed")] = None,
    obstacle: Annotated[list[str] | None, _texts("--obstacle", "An obstacle encountered")] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from-file",
            metavar="FILE",
            help="Read longer texts from a YAML file with the same keys as the review: block"
            " (lessons, recommendations, failures, obstacles; each a text or a list).",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Add to a PPC's review for the final report: lessons, recommendations, failures.

    What the review already says is kept; a text it has already is not added again.

    Example: commit review ppc-1 --lesson "Ask the task forces first." --recommendation "Hold
    the seminar yearly."
    """
    from functools import partial

    from commit_cli.edit.operations import review as operation
    from commit_cli.edit.review_file import read_review

    texts = read_review(from_file) if from_file is not None else {}
    given = {
        "lessons": [*(lesson or []), *texts.get("lessons", [])],
        "recommendations": [*(recommendation or []), *texts.get("recommendations", [])],
        "failures": [*(failure or []), *texts.get("failures", [])],
        "obstacles": [*(obstacle or []), *texts.get("obstacles", [])],
    }
    if not any(given.values()):
        raise UsageError(
            "say something: --lesson, --recommendation, --failure or --obstacle TEXT, or"
            " --from-file FILE"
        )
    action = partial(
        operation,
        obstacles=given["obstacles"],
        failures=given["failures"],
        lessons=given["lessons"],
        recommendations=given["recommendations"],
    )
    return perform(current(), plan, "review", ppc, ("ppc",), action, dry_run, json_output)
