"""Dependencies: `depends_on` names milestones, no milestone depends on itself through a
cycle, and none is planned to end before a milestone it depends on starts (rules across files,
over the facts projection; a milestone taken up while one it depends on is still planned is
`progress`'s)."""

from __future__ import annotations

from collections.abc import Iterator

from commit_cli.plan.checks.context import AcrossContext, Rule
from commit_cli.plan.checks.facts import MilestoneFacts
from commit_cli.problems import Severity

DEPENDENCY_ORDER = Rule(
    "dependency-order",
    Severity.warning,
    "a milestone is not planned to end before a milestone it depends on starts",
)
DEPENDENCY_CYCLE = Rule(
    "dependency-cycle", Severity.error, "milestones do not depend on each other in a cycle"
)
RULES = (DEPENDENCY_ORDER, DEPENDENCY_CYCLE)


def find_cycles(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each dependency cycle once, as [a, b, …, a] where a depends on b, and so on.

    Iterative depth-first search (a deep chain must not hit Python's recursion limit);
    edges to unknown nodes are ignored.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        on_path = [root]
        depth = {root: 0}  # where each node of the current path stands in it
        state[root] = 1
        while stack:
            node, edges = stack[-1]
            advanced = False
            for nxt in edges:
                if nxt not in graph:
                    continue
                if state.get(nxt) == 1:
                    yield [*on_path[depth[nxt] :], nxt]
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(graph[nxt])))
                    depth[nxt] = len(on_path)
                    on_path.append(nxt)
                    advanced = True
                    break
            if not advanced:
                state[node] = 2
                stack.pop()
                del depth[on_path.pop()]


CYCLE_IDS_SHOWN = 8


def cycle_text(cycle: list[str]) -> str:
    """`a → b → a`; a long cycle shows its first and last ids only, so that thousands of
    long cycles cannot make output quadratic in the plan's size."""
    if len(cycle) <= CYCLE_IDS_SHOWN:
        return " → ".join(cycle)
    head, tail = cycle[: CYCLE_IDS_SHOWN // 2], cycle[-CYCLE_IDS_SHOWN // 2 :]
    hidden = len(cycle) - len(head) - len(tail)
    return f"{' → '.join(head)} → … ({hidden:,} more) … → {' → '.join(tail)}"


def check_across(context: AcrossContext) -> None:
    milestones: dict[str, tuple[int, int, MilestoneFacts]] = {}
    for p, ppc in enumerate(context.facts.ppcs):
        for i, milestone in enumerate(ppc.milestones):
            milestones.setdefault(milestone.id, (p, i, milestone))
    for p, i, milestone in milestones.values():
        for j, dependency in enumerate(milestone.depends_on):
            place = context.in_ppc(p, "milestones", i, "depends_on", j)
            if not context.ref(dependency, ("milestone",), place, "depends_on") or (
                dependency not in milestones
            ):
                continue
            before = milestones[dependency][2]
            if (
                milestone.window is not None
                and before.window is not None
                and milestone.window.end < before.window.start
            ):
                context.report(
                    DEPENDENCY_ORDER,
                    place,
                    f"'{milestone.id}' is planned to end ({milestone.window.end}) before"
                    f" '{dependency}', which it depends on, starts ({before.window.start})",
                )
    for cycle in find_cycles({k: v[2].depends_on for k, v in milestones.items()}):
        p, i, milestone = milestones[cycle[0]]
        j = milestone.depends_on.index(cycle[1]) if len(cycle) > 1 else 0
        context.report(
            DEPENDENCY_CYCLE,
            context.in_ppc(p, "milestones", i, "depends_on", j),
            f"dependency cycle: {cycle_text(cycle)}; remove one of these depends_on entries",
        )
