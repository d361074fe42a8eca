"""Build a git repository whose history records progress on a plan, one change per commit.

    python benchmarks/history.py 1000 /tmp/hist-bundled                  # the bundled plan
    python benchmarks/history.py 200 /tmp/hist-10k --milestones 10000    # a generated plan

The first commit adds the plan; each later commit changes one milestone or indicator in one
PPC file, the way officers record progress: a milestone starts (status, actual start), is
done (actual end, attendance by sex and country, outcome) or is postponed (reason, window
moved), an indicator gets a value for a period (some by country), or a target is revised.
Dates run from 2005 to 2007; four authors take turns; every fifth message names a pull
request. The whole history is written by one `git fast-import`, so building it takes
seconds. The output depends only on the arguments.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

AUTHORS = [
    ("Sok Chan", "sok@example.org"),
    ("Malee Somchai", "malee@example.org"),
    ("Nguyen Thi Lan", "lan@example.org"),
    ("Aung Kyaw", "aung@example.org"),
]
COUNTRIES = ["KH", "CN", "LA", "MM", "TH", "VN"]
PERIODS = [f"{year}-H{half}" for year in (2005, 2006, 2007) for half in (1, 2)]
REASONS = [
    "The host ministry asked for a later date.",
    "Funding for the venue was not released in time.",
    "Floods closed the border crossings.",
]
START, END = date(2005, 2, 1), date(2007, 12, 20)


def load(text: str) -> Any:
    from commit_cli.yamlio.reader import load_data

    return load_data(text)[0]


class _Dumper(yaml.CSafeDumper):
    """libyaml's emitter, writing shared values out in full (plan files refuse aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def moved(window: Any) -> dict[str, str] | None:
    """The window six months later, when that still ends inside the plan period."""
    from pydantic import TypeAdapter

    from commit_cli.core.schema import WindowInput

    if window is None:
        return None
    span = TypeAdapter(WindowInput).validate_python(window)
    if span.end > date(2007, 6, 30):
        return None
    return {"start": shifted(span.start).isoformat(), "end": shifted(span.end).isoformat()}


def shifted(day: date) -> date:
    """The same day six months later (the month's last day when it has fewer days)."""
    import calendar

    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Progress:
    """Applies one change at a time to the plan's data, deterministically."""

    def __init__(self, files: dict[str, Any], rng: random.Random) -> None:
        self.files = files
        self.rng = rng
        self.ppc_files = sorted(name for name in files if name.startswith("plan/ppcs/"))

    def step(self, day: date) -> tuple[str, str]:
        """Change one thing in one PPC file; return the file and the commit message."""
        name = self.rng.choice(self.ppc_files)
        ppc = self.files[name]
        milestones = ppc.get("milestones") or []
        indicators = ppc.get("indicators") or []
        if indicators and (not milestones or self.rng.random() < 0.35):
            return name, self.indicator(self.rng.choice(indicators), day)
        return name, self.milestone(self.rng.choice(milestones), day)

    def milestone(self, m: dict[str, Any], day: date) -> str:
        status = m.get("status", "planned")
        later = moved(m.get("window"))
        if status in ("planned", "postponed") and later and self.rng.random() < 0.5:
            m["status"] = "postponed"
            m["postponed"] = {
                "date": day.isoformat(),
                "reason": self.rng.choice(REASONS),
                "from_window": m["window"],
            }
            m["window"] = later
            return f"Postpone {m['id']}"
        if status in ("planned", "postponed"):
            m["status"] = "in_progress"
            m["actual"] = {"start": (day - timedelta(days=3)).isoformat()}
            m.pop("postponed", None)
            return f"Start {m['id']}"
        if status == "in_progress":
            total = self.rng.randrange(12, 40)
            women = self.rng.randrange(total // 3, total // 2 + 1)
            countries = self.rng.sample(COUNTRIES, 3)
            m["status"] = "done"
            actual = m.get("actual") or {}
            started = date.fromisoformat(str(actual.get("start", day.isoformat())))
            m["actual"] = {**actual, "end": max(day, started).isoformat()}
            m["attended"] = {
                "total": total,
                "women": women,
                "men": total - women,
                "by_country": {code: total // 4 for code in countries},
            }
            m["outcome"] = f"Held with {total} participants; recommendations adopted."
            return f"Record {m['id']} as done"
        m["notes"] = f"Follow-up noted on {day}."
        return f"Note on {m['id']}"

    def indicator(self, indicator: dict[str, Any], day: date) -> str:
        if self.rng.random() < 0.15 and indicator.get("target") is not None:
            indicator["target"] = indicator["target"] + self.rng.randrange(1, 4)
            indicator.pop("target_max", None)
            return f"Revise the target of {indicator['id']}\n\nAgreed at the annual meeting."
        period = PERIODS[min(len(PERIODS) - 1, (day.year - 2005) * 2 + (day.month > 6))]
        values = indicator.setdefault("values", {}) or {}
        indicator["values"] = values
        if self.rng.random() < 0.5:
            values[period] = {
                code: self.rng.randrange(0, 5) for code in self.rng.sample(COUNTRIES, 2)
            }
        else:
            values[period] = self.rng.randrange(0, 20)
        return f"Record {indicator['id']} for {period}"


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _commit(mark: int, when: datetime, author: tuple[str, str], message: str) -> bytes:
    stamp = f"{int(when.timestamp())} +0000"
    who = f"{author[0]} <{author[1]}> {stamp}".encode()
    return (
        b"commit refs/heads/main\n"
        + b"mark :%d\n" % mark
        + b"author "
        + who
        + b"\n"
        + b"committer "
        + who
        + b"\n"
        + _data(message.encode())
    )


def build(commits: int, out: Path, milestones: int | None = None, seed: int = 7) -> Path:
    """Write the repository at `out` (replacing it) with `commits` commits; return `out`."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    source = REPO / "plan" if milestones is None else generate(milestones, out / ".generated")
    texts = {
        f"plan/{path.relative_to(source).as_posix()}": path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file()
    }
    shutil.rmtree(out / ".generated", ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    rng = random.Random(seed)
    progress = Progress(
        {name: load(text.decode()) for name, text in texts.items() if name.endswith(".yaml")},
        rng,
    )
    stream = bytearray()
    first = datetime(2005, 1, 10, 9, tzinfo=UTC)
    stream += _commit(1, first, AUTHORS[0], "Add the plan")
    for name, text in texts.items():
        # A PPC file as the later commits write it, so that each of them changes only what
        # its message says (not, the first time a file is touched, how all of it is written).
        written = dump(progress.files[name]) if name in progress.ppc_files else text
        stream += f"M 100644 inline {name}\n".encode() + _data(written)
    span = (END - START).days
    for index in range(1, commits):
        day = START + timedelta(days=span * index // max(1, commits - 1))
        name, message = progress.step(day)
        if index % 5 == 0:
            message = (
                message.replace("\n", f" (#{100 + index})\n", 1)
                if "\n" in message
                else f"{message} (#{100 + index})"
            )
        when = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        stream += _commit(index + 1, when, AUTHORS[index % len(AUTHORS)], message)
        stream += f"M 100644 inline {name}\n".encode() + _data(dump(progress.files[name]))
    subprocess.run(
        ["git", "-C", str(out), "fast-import", "--quiet"], input=bytes(stream), check=True
    )
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard", "main"], check=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", type=int, help="commits in all, the first adding the plan")
    parser.add_argument("out", type=Path, help="the repository folder (replaced)")
    parser.add_argument(
        "--milestones",
        type=int,
        default=None,
        help="a generated plan of this size (default: the bundled plan)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    build(args.commits, args.out, args.milestones, args.seed)
    print(f"wrote {args.out} with {args.commits} commits")


if __name__ == "__main__":
    main()
