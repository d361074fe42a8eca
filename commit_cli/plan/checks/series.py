"""Series: members of a series (six training courses, say) agree on its count, number
themselves once each, and are as many as the count says (rules across files, over the facts
projection)."""

from __future__ import annotations

from collections import defaultdict

from commit_cli.plan.checks.context import AcrossContext, Rule
from commit_cli.plan.checks.facts import MilestoneFacts
from commit_cli.problems import Severity

SERIES_COUNT = Rule(
    "series-count",
    Severity.error,
    "a series' members agree on its count, and there are that many of them",
)
SERIES_NUMBER = Rule("series-number", Severity.error, "each number within a series is used once")
RULES = (SERIES_COUNT, SERIES_NUMBER)


def check_across(context: AcrossContext) -> None:
    members: dict[str, list[tuple[int, int, MilestoneFacts]]] = defaultdict(list)
    for p, ppc in enumerate(context.facts.ppcs):
        for i, milestone in enumerate(ppc.milestones):
            if milestone.series is not None:
                members[milestone.series.name].append((p, i, milestone))
    for name, group in members.items():
        declared = {m.series.of for _, _, m in group if m.series}
        if len(declared) > 1:  # once per series: each member would repeat it
            p, i, _ = group[0]
            counts = sorted(declared)
            shown = ", ".join(map(str, counts[:5])) + (", …" if len(counts) > 5 else "")
            context.report(
                SERIES_COUNT,
                context.in_ppc(p, "milestones", i, "series"),
                f"series '{name}': its {len(group)} members disagree on its count ({shown});"
                " give every member the same `of`",
            )
            continue
        seen: set[int] = set()
        for p, i, milestone in group:
            assert milestone.series is not None
            place = context.in_ppc(p, "milestones", i, "series")
            if milestone.series.number in seen:
                context.report(
                    SERIES_NUMBER,
                    place,
                    f"series '{name}': number {milestone.series.number} is used twice",
                )
            seen.add(milestone.series.number)
        complete = not context.unreadable  # members may sit in a file that failed
        if complete and len(declared) == 1 and len(group) != (count := declared.pop()):
            p, i, _ = group[-1]
            context.report(
                SERIES_COUNT,
                context.in_ppc(p, "milestones", i, "series"),
                f"series '{name}' should hold {count} milestones but holds {len(group)}",
            )
