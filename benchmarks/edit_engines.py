"""Measure the two ways an edit can write a plan file: ruamel.yaml's round trip, and the
positional splice `commit` uses (`commit_cli.yamlio.roundtrip`).

    python benchmarks/edit_engines.py        # needs `pip install ruamel.yaml` (not a dependency)

For every bundled plan file it times reading and writing it back unchanged, and checks the
bytes come back identical; then it records `done` (status and actual end date) on the first
milestone of each file with both, and counts the lines each changed and whether the new key
landed before the next milestone's leading comment.
"""

from __future__ import annotations

import copy
import difflib
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from commit_cli.core.fields import field_order  # noqa: E402
from commit_cli.core.model import PPC  # noqa: E402
from commit_cli.yamlio.emit import Layout  # noqa: E402
from commit_cli.yamlio.roundtrip import Document  # noqa: E402

LAYOUT = Layout(order=lambda path: field_order(PPC, path))


def changed_lines(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def best_of(runs: int, work: Any) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> int:
    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap
    except ImportError:
        print("ruamel.yaml is not installed: pip install ruamel.yaml", file=sys.stderr)
        return 2
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    print(f"ruamel.yaml round-trip parser: {rt.Parser.__module__}.{rt.Parser.__name__}")
    files = sorted((REPO / "plan" / "ppcs").glob("*.yaml"))
    rows = []
    for path in files:
        text = path.read_text(encoding="utf-8")

        def ruamel_noop(text: str = text) -> str:
            out = io.StringIO()
            rt.dump(rt.load(text), out)
            return out.getvalue()

        def splice_noop(raw: bytes = text.encode()) -> str:
            document = Document(raw)
            return document.apply(copy.deepcopy(document.data), LAYOUT)

        data = rt.load(text)
        milestone = data["milestones"][0]
        milestone["status"] = "done"
        actual = CommentedMap(end="2006-03-10")
        actual.fa.set_flow_style()
        milestone.insert(list(milestone).index("status") + 1, "actual", actual)
        out = io.StringIO()
        rt.dump(data, out)
        ruamel_edit = out.getvalue()
        document = Document(text.encode())
        wanted = copy.deepcopy(document.data)
        wanted["milestones"][0].update(status="done", actual={"end": "2006-03-10"})
        splice_edit = document.apply(wanted, LAYOUT)
        rows.append(
            (
                path.name,
                best_of(5, ruamel_noop),
                ruamel_noop() == text,
                best_of(5, splice_noop),
                splice_noop() == text,
                changed_lines(text, ruamel_edit),
                changed_lines(text, splice_edit),
            )
        )
    print(
        "| file | ruamel ms | ruamel same | splice ms | splice same | ruamel lines | splice lines |"
    )
    print("|---|---:|---|---:|---|---:|---:|")
    for row in rows:
        print("| {} | {:.1f} | {} | {:.1f} | {} | {} | {} |".format(*row))
    total_ruamel = sum(row[1] for row in rows)
    total_splice = sum(row[3] for row in rows)
    print(f"all {len(rows)} files: ruamel {total_ruamel:.0f} ms, splice {total_splice:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
