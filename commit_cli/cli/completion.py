"""Shell completion of ids from the plan (`commit show ppc1-<TAB>`).

The ids come from the plan loaded as every command loads it, so through the cache of
validated files: a completion costs what a cached `commit list` costs (~0.2 s on the bundled
plan). A plan with errors still completes the ids of its readable files. Completion never
prints and never fails: anything that goes wrong completes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def plan_ids(plan_dir: Path | None, kinds: tuple[str, ...] | None) -> list[str]:
    """The plan's ids of these kinds (all kinds when None), in the plan's order."""
    from commit_cli.cli.command_context import CommandContext, current
    from commit_cli.cli.plan_access import load
    from commit_cli.query.index import PlanIndex

    try:
        context = current()  # the shell's completion request, a run of its own
    except LookupError:  # a completion function called directly
        context = CommandContext()
    result = load(context, plan_dir)
    plan = result.plan or result.readable
    if plan is None:
        return []
    tables = PlanIndex(plan).tables()
    return [ident for kind, table in tables.items() if kinds is None or kind in kinds
            for ident in table]  # fmt: skip


def ppc_names(plan_dir: Path | None) -> list[tuple[str, str, str | None]]:
    """Each PPC's id, label and file, from the plan as every command loads it."""
    from commit_cli.cli.command_context import CommandContext, current
    from commit_cli.cli.plan_access import load

    try:
        context = current()
    except LookupError:
        context = CommandContext()
    result = load(context, plan_dir)
    plan = result.plan or result.readable
    if plan is None:
        return []
    from commit_cli.core.model import PPC

    files = {read.record.id: read.name for read in result.files if isinstance(read.record, PPC)}
    return [(ppc.id, ppc.label, files.get(ppc.id)) for ppc in plan.ppcs]


def completer(*kinds: str) -> Callable[[Any, str], list[str]]:
    """A typer `autocompletion` callback for ids of `kinds` (any id when none given)."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        try:
            plan_dir = ctx.params.get("plan") if ctx is not None else None
            found = plan_ids(plan_dir, kinds or None)
        except Exception:  # completion must never show a traceback in the user's shell
            return []
        return [ident for ident in found if ident.startswith(incomplete)]

    return complete


complete_any_id = completer()
complete_milestone = completer("milestone")
complete_indicator = completer("indicator")
_complete_ppc_ids = completer("ppc")


def complete_ppc(ctx: Any, incomplete: str) -> list[str]:
    """PPC ids beginning with what was typed; else the id of the PPC it names (`4`,
    `PPC 4`, `ppc-04.yaml`), as every command reads a PPC's name."""
    found = _complete_ppc_ids(ctx, incomplete)
    if found or not incomplete.strip():
        return found
    try:
        from commit_cli.query.index import PPCName, resolve_ppc

        plan_dir = ctx.params.get("plan") if ctx is not None else None
        names = [PPCName(*row) for row in ppc_names(plan_dir)]
        named = resolve_ppc(incomplete, names)
    except Exception:  # completion must never show a traceback in the user's shell
        return []
    return [named] if named is not None else []
