"""Write a synthetic plan with N milestones, and the same work for TaskJuggler and Taskwarrior.

    python benchmarks/generate.py 10000 /tmp/bench-10k [--seed 7] [--per-file 100]

writes /tmp/bench-10k/plan/ (a valid plan folder: plan.yaml and ppcs/*.yaml), plus
/tmp/bench-10k/project.tjp (one task per milestone, same dependencies, a task report) and
/tmp/bench-10k/tasks.json (one Taskwarrior task per line, for `task import`).
The output depends only on N, the seed and --per-file.

    python benchmarks/generate.py 8000 /tmp/hostile --hostile cycles

adds to that plan one PPC file holding a hostile shape of N milestones (see HOSTILE_SHAPES):
a plan that once made `validate` quadratic, kept here so the harness can time it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

COUNTRIES = [
    ("KH", "Cambodia"),
    ("CN", "China"),
    ("LA", "Lao PDR"),
    ("MM", "Myanmar"),
    ("TH", "Thailand"),
    ("VN", "Vietnam"),
]
PARTNERS = [
    ("uniap", "UNIAP (COMMIT Secretariat)", "un_agency"),
    ("ilo", "International Labour Organization", "un_agency"),
    ("iom", "International Organization for Migration", "un_agency"),
    ("unicef", "UNICEF", "un_agency"),
    ("world-vision", "World Vision", "ngo"),
    ("save-the-children", "Save the Children", "ngo"),
    ("ausaid", "AusAID", "donor"),
    ("usaid", "USAID", "donor"),
    ("ministry-of-labour", "Ministries of Labour", "government"),
    ("blo", "Border Liaison Offices", "government"),
]
KINDS = ["seminar", "workshop", "training", "meeting", "assessment", "research", "report"]
TOPICS = [
    "victim identification",
    "safe repatriation",
    "mutual legal assistance",
    "labour migration",
    "brokering practices",
    "tourism sector cooperation",
    "national plans of action",
    "information exchange",
    "post-harm support services",
    "extradition procedures",
]
STATUSES = ["planned"] * 5 + ["in_progress"] * 2 + ["done"] * 4 + ["postponed", "cancelled"]
HALVES = [f"{year}-H{half}" for year in (2005, 2006, 2007) for half in (1, 2)]
PHASES = ["preparation", "core", "follow_up"]


@dataclass
class Milestone:
    id: str
    ppc: int
    title: str
    kind: str
    phase: str
    window: tuple[date, date]
    status: str
    countries: list[str]
    depends_on: list[str] = field(default_factory=list)
    notes: str = ""


def half_span(label: str) -> tuple[date, date]:
    year, half = int(label[:4]), label[-1]
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


def can_follow(milestone: Milestone, earlier: Milestone) -> bool:
    """Whether `milestone` may depend on `earlier`: it starts in time, and work done or under
    way never waits on work still planned (validate warns)."""
    taken_up = milestone.status in ("in_progress", "done")
    return earlier.window[0] <= milestone.window[1] and not (
        taken_up and earlier.status == "planned"
    )


def make_milestones(count: int, per_file: int, rng: random.Random) -> list[Milestone]:
    milestones: list[Milestone] = []
    for index in range(count):
        ppc = index // per_file + 1
        topic = rng.choice(TOPICS)
        kind = rng.choice(KINDS)
        first = rng.randrange(len(HALVES) - 1)
        last = min(len(HALVES) - 1, first + rng.randrange(3))
        window = (half_span(HALVES[first])[0], half_span(HALVES[last])[1])
        countries = sorted(rng.sample([code for code, _ in COUNTRIES], rng.randrange(0, 4)))
        milestone = Milestone(
            id=f"p{ppc}-m{index % per_file + 1}",
            ppc=ppc,
            title=f"Sub-regional {kind} on {topic} ({index + 1})",
            kind=kind,
            phase=PHASES[min(2, (index % per_file) * 3 // per_file)],
            window=window,
            status=rng.choice(STATUSES),
            countries=countries,
            notes=(
                f"Organised with partner agencies; focus on {topic} and on the"
                f" recommendations of earlier {rng.choice(KINDS)}s."
            ),
        )
        same_file = [m for m in milestones[-5:] if m.ppc == ppc and can_follow(milestone, m)]
        if same_file and rng.random() < 0.6:
            milestone.depends_on.append(rng.choice(same_file).id)
        if milestones and rng.random() < 0.05:
            earlier = milestones[rng.randrange(len(milestones))]
            if can_follow(milestone, earlier) and earlier.id not in milestone.depends_on:
                milestone.depends_on.append(earlier.id)
        milestones.append(milestone)
    return milestones


def milestone_yaml(m: Milestone, rng: random.Random) -> str:
    lines = [
        f"  - id: {m.id}",
        f"    title: {m.title}",
        f"    kind: {m.kind}",
        f"    phase: {m.phase}",
        f"    activities: [act-{m.ppc}]",
        f"    window: {{start: {m.window[0]}, end: {m.window[1]}}}",
    ]
    min_days = 1
    if m.kind in ("seminar", "workshop", "training"):
        min_days = rng.choice([2, 3, 5])
        lines.append(f"    min_duration_days: {min_days}")
        lines.append("    participants: {min: 20, max: 30}")
    if m.countries:
        lines.append(f"    countries: [{', '.join(m.countries)}]")
    lines.append(f"    lead: {rng.choice(PARTNERS)[0]}")
    if m.depends_on:
        lines.append(f"    depends_on: [{', '.join(m.depends_on)}]")
    lines.append(f"    status: {m.status}")
    if m.status in ("in_progress", "done", "postponed"):
        start = m.window[0] + timedelta(days=rng.randrange(60))
        if m.status == "done":
            end = start + timedelta(days=max(min_days - 1, rng.randrange(1, 6)))
            lines.append(f"    actual: {{start: {start}, end: {end}}}")
            lines.append("    outcome: Held as planned; recommendations sent to the Task Forces.")
        else:
            lines.append(f"    actual: {{start: {start}}}")
    window = f"{{start: {m.window[0]}, end: {m.window[1]}}}"
    if m.status == "postponed":
        lines.append(
            f"    postponed: {{date: {m.window[0]}, reason: Funding was delayed.,"
            f" from_window: {window}}}"
        )
    if m.status == "cancelled":
        lines.append(
            f"    cancelled: {{date: {m.window[0]}, reason: Merged into another activity.}}"
        )
    lines.append(f"    notes: {m.notes}")
    return "\n".join(lines)


def ppc_yaml(ppc: int, milestones: list[Milestone], rng: random.Random) -> str:
    head = f"""\
# Synthetic PPC {ppc}, written by benchmarks/generate.py
id: ppc-{ppc}
label: PPC {ppc}
title: Framework Document Activity {ppc}
short_title: Synthetic PPC {ppc}
activities: [act-{ppc}]
objective: >-
  Improve cooperation on {rng.choice(TOPICS)} between the six Mekong countries.
expected_results:
  - text: Common guidelines agreed by the six governments.
  - text: Officials trained in every country.
work:
  preparation:
    - text: Assess current practice in each country.
  core:
    - text: Hold the regional seminar.
  follow_up:
    - text: Translate the guidelines into the six national languages.
milestones:
"""
    indicators = []
    for number in (1, 2, 3):
        values = ", ".join(
            f"{label}: {rng.randrange(0, 7)}" for label in HALVES[: rng.randrange(7)]
        )
        indicators.append(
            f"""\
  - id: p{ppc}-i{number}
    title: Events held under PPC {ppc} ({number})
    unit: events
    expected_result: {1 + number % 2}
    baseline: 0
    target: 6
    values: {{{values}}}"""
        )
    return (
        head
        + "\n".join(milestone_yaml(m, rng) for m in milestones)
        + "\nindicators:\n"
        + "\n".join(indicators)
        + "\nevaluation: Progress measured against the indicators every six months.\n"
    )


def header_yaml(ppcs: int) -> str:
    countries = "\n".join(f"  - code: {code}\n    name: {name}" for code, name in COUNTRIES)
    partners = "\n".join(
        f"  - id: {pid}\n    name: {name}\n    kind: {kind}" for pid, name, kind in PARTNERS
    )
    activities = "\n".join(
        f"  - id: act-{n}\n    number: {n}\n    area: area-{(n - 1) % 7 + 1}\n"
        f"    title: Synthetic activity {n}"
        for n in range(1, ppcs + 1)
    )
    areas = "\n".join(
        f"  - id: area-{n}\n    number: {n}\n    title: Synthetic area {n}" for n in range(1, 8)
    )
    return f"""\
# Synthetic plan written by benchmarks/generate.py
id: synthetic-plan
title: Synthetic plan for benchmarks
period: {{start: 2005-01-01, end: 2007-12-31}}
reporting:
  cadence_months: 6
countries:
{countries}
partners:
{partners}
areas:
{areas}
activities:
{activities}
"""


def tjp(milestones: list[Milestone]) -> str:
    out = [
        'project bench "Synthetic plan" 2005-01-01 - 2008-06-30 {',
        '  timezone "UTC"',
        "}",
        'resource team "Secretariat"',
    ]
    current = 0
    for m in milestones:
        if m.ppc != current:
            if current:
                out.append("}")
            current = m.ppc
            out.append(f'task ppc{m.ppc} "PPC {m.ppc}" {{')
        task_id = m.id.replace("-", "_")
        out.append(f'  task {task_id} "{m.title}" {{')
        if m.depends_on:
            refs = ", ".join(
                f"ppc{d.split('-')[0][1:]}.{d.replace('-', '_')}" for d in m.depends_on
            )
            out.append(f"    depends {refs}")
        else:
            out.append(f"    start {m.window[0]}")
        out.append(f"    duration {(m.window[1] - m.window[0]).days // 30 + 1}d")
        out.append("  }")
    if current:
        out.append("}")
    out.append('taskreport overview "overview" {')
    out.append("  formats csv")
    out.append("  columns name, start, end")
    out.append("}")
    return "\n".join(out) + "\n"


def taskwarrior_json(milestones: list[Milestone]) -> str:
    namespace = uuid.UUID("7d1f5a52-0c4e-4f55-9e1c-7b2f3c1e0a11")
    ids = {m.id: str(uuid.uuid5(namespace, m.id)) for m in milestones}
    status_map = {"done": "completed", "cancelled": "deleted"}
    lines = []
    for m in milestones:
        task: dict[str, object] = {
            "uuid": ids[m.id],
            "description": m.title,
            "project": f"ppc{m.ppc}",
            "status": status_map.get(m.status, "pending"),
            "entry": "20050101T000000Z",
            "due": m.window[1].strftime("%Y%m%dT000000Z"),
            "tags": [m.kind],
        }
        if task["status"] in ("completed", "deleted"):
            task["end"] = m.window[1].strftime("%Y%m%dT000000Z")
        if m.depends_on:
            task["depends"] = ",".join(ids[d] for d in m.depends_on)
        lines.append(json.dumps(task))
    return "\n".join(lines) + "\n"


def with_warnings(texts: list[str], warnings: int) -> list[str]:
    """The PPC files `texts` with `warnings` warnings spread over them, one file after the
    other: by turns, a done milestone without its actual end date (`done-without-date`,
    found by the checks) and a note holding a control character (`control-character`,
    found reading the file). Without them the plan is the same, warnings fixed."""
    texts = list(texts)
    for number in range(warnings):
        index = number % len(texts)
        nth = number // len(texts)
        text = texts[index]
        if number % 2 == 0:
            found = list(re.finditer(r"^    actual: \{start: ([-\d]+), end: [-\d]+\}$", text, re.M))
            new = "    actual: {start: %s}"
        else:
            found = list(re.finditer(r"^    notes: (.*)$", text, re.M))
            new = '    notes: "%s \\a"'
        if nth >= len(found):
            raise SystemExit(f"no room for {warnings} warnings in {len(texts)} files")
        match = found[nth]
        texts[index] = f"{text[: match.start()]}{new % match.group(1)}{text[match.end() :]}"
    return texts


def generate(count: int, out: Path, seed: int = 7, per_file: int = 100, warnings: int = 0) -> Path:
    """Write the plan and the peer files under `out`; return the plan folder. With
    `warnings`, the plan has that many warnings (`with_warnings`)."""
    rng = random.Random(seed)
    milestones = make_milestones(count, per_file, rng)
    ppcs = max(1, (count + per_file - 1) // per_file)
    plan_dir = out / "plan"
    (plan_dir / "ppcs").mkdir(parents=True, exist_ok=True)
    for old in (plan_dir / "ppcs").glob("*.yaml"):
        old.unlink()
    (plan_dir / "plan.yaml").write_text(header_yaml(ppcs), encoding="utf-8")
    texts = [
        ppc_yaml(ppc, milestones[(ppc - 1) * per_file : ppc * per_file], rng)
        for ppc in range(1, ppcs + 1)
    ]
    for ppc, text in enumerate(with_warnings(texts, warnings), start=1):
        (plan_dir / "ppcs" / f"ppc-{ppc:04d}.yaml").write_text(text, encoding="utf-8")
    (out / "project.tjp").write_text(tjp(milestones), encoding="utf-8")
    (out / "tasks.json").write_text(taskwarrior_json(milestones), encoding="utf-8")
    return plan_dir


_HOSTILE_MILESTONE = (
    "  - id: h{i}\n    title: H\n    kind: meeting\n    phase: core\n    window: 2006\n"
)
# Shapes of a PPC file that once made validation quadratic (issue 9), by name: the extra
# lines each milestone h{i} carries.
HOSTILE_SHAPES = {
    "cycles": "    depends_on: [h{next}, h0]\n",  # every milestone closes a long cycle
    "series": "    series: {{name: s, number: 1, of: {n}}}\n",  # members disagree, each apart
    "problems": "    status: finished\n",  # thousands of one mistake to locate
}


def hostile_ppc(shape: str, count: int) -> str:
    """A PPC file (id `ppc-hostile`, covering no activity) holding `count` milestones of
    `shape`."""
    extra = HOSTILE_SHAPES[shape]
    milestones = "".join(
        _HOSTILE_MILESTONE.format(i=i) + extra.format(n=i + 1, next=(i + 1) % count)
        for i in range(count)
    )
    return (
        f"id: ppc-hostile\nlabel: PPC H\ntitle: Hostile {shape}\nshort_title: Hostile\n"
        f"activities: []\nobjective: Stress the checks.\nmilestones:\n{milestones}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of milestones")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=100, help="milestones per PPC file")
    parser.add_argument(
        "--hostile", choices=sorted(HOSTILE_SHAPES), help="add a PPC file of this hostile shape"
    )
    parser.add_argument(
        "--warnings", type=int, default=0, help="spread this many warnings over the PPC files"
    )
    args = parser.parse_args()
    plan_dir = generate(args.count, args.out, args.seed, args.per_file, args.warnings)
    if args.hostile:
        (plan_dir / "ppcs" / "ppc-hostile.yaml").write_text(
            hostile_ppc(args.hostile, args.count), encoding="utf-8"
        )
    print(f"wrote {plan_dir}, {args.out / 'project.tjp'}, {args.out / 'tasks.json'}")


if __name__ == "__main__":
    main()
