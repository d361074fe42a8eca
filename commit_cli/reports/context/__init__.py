"""The report context: the plain data a report template receives.

`summary_context`, `ppc_context` and `final_context` (one module each: `summary`, `ppc`,
`final`) turn a validated plan into dictionaries and lists of strings, numbers, booleans and
None (dates as `YYYY-MM-DD`), so a template needs no Python and `commit report … --format
json` prints exactly what it gets. The keys are documented in `templates/README.md`; tests
pin them.

Every fact comes from the plan or from the query layer: a milestone's status, whether it
is overdue, the counts by status, the share of the plan period elapsed and each
indicator's latest value and whether it is met are the query layer's answers (`MilestoneRef`,
`plan_status`, `indicator_rows`), so reports say what `commit status` says on the same day.
The shared core (`facts`: the plan indexed once per report and every milestone on the day;
`pieces`, `indicators`, `gantt`) only selects (which milestones belong to a period),
arranges and measures (days late, the slip of a postponement, chart positions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commit_cli.reports.context.final import final_context
    from commit_cli.reports.context.ppc import ppc_context
    from commit_cli.reports.context.summary import summary_context

__all__ = ["final_context", "ppc_context", "summary_context"]


def __getattr__(name: str) -> Any:
    """Each builder imported when first asked for: a summary never imports the PPC report's
    dependency order (`query.timeline`) nor the final report's modules."""
    if name in __all__:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{name.removesuffix('_context')}"), name)
    raise AttributeError(name)
