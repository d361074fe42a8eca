"""Re-reading only what changed gives exactly what reading the whole text gives, or None."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2, REPO

from commit_cli.yamlio.reader import load_data
from commit_cli.yamlio.splice import Parsed, splice

sys.path.insert(0, str(REPO / "benchmarks"))

from history import build


def parsed(text: str) -> Parsed:
    data, issues = load_data(text)
    assert isinstance(data, dict)
    assert not issues
    return Parsed.of(text, data)


def spliced(old: str, new: str) -> object:
    return splice(parsed(old), new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (PPC_1, PPC_1.replace("    lead: uniap", "    lead: uniap\n    status: done")),
        (PPC_1, PPC_1.replace("target: 1", "target: 2")),
        (PPC_1, PPC_1.replace("objective: Exchange information.", "objective: Share more.")),
        (PPC_1, PPC_1.replace("# PPC 1 – a small test PPC\n", "# another comment\n")),
        (PPC_1, PPC_1 + "review:\n  lessons:\n    - Start early.\n"),
        (PPC_1, PPC_1.replace("indicators:", "notes: x\nindicators:")),
        (PPC_2, PPC_2.replace("country_pairs: [[KH, TH]]", "country_pairs:\n    - [KH, TH]")),
        (PPC_1, PPC_1.replace("  - id: ppc1-seminar", "  # a comment\n  - id: ppc1-seminar")),
    ],
)
def test_a_changed_part_reads_as_the_whole_does(old: str, new: str) -> None:
    result = spliced(old, new)
    assert result is not None
    assert result == load_data(new)[0]


def test_items_reordered_added_and_removed() -> None:
    first = PPC_1.index("  - id: ppc1-assessment")
    second = PPC_1.index("  - id: ppc1-seminar")
    end = PPC_1.index("indicators:")
    a, b = PPC_1[first:second], PPC_1[second:end]
    for body in (b + a, a, a + b + b.replace("ppc1-seminar", "ppc1-other")):
        new = PPC_1[:first] + body + PPC_1[end:]
        assert spliced(PPC_1, new) == load_data(new)[0]


@pytest.mark.parametrize(
    "new",
    [
        PPC_1.replace("    lead: uniap", "    lead: uniap\n    notes: &n shared"),  # an anchor
        PPC_1.replace("    lead: uniap", "    lead: uniap\n\tnotes: x"),  # a tab
        PPC_1.replace("label: PPC 1", "label: PPC 1\nlabel: again"),  # a key twice
        PPC_1.replace("    lead: uniap", "    lead: uniap\n    lead: uniap"),  # duplicate key
        PPC_1.replace("    lead: uniap", '    notes: "open\n  - id: fake"'),  # quote spans items
        PPC_1.replace("    lead: uniap", "    lead: [uniap"),  # unreadable
        PPC_1.replace("objective: Exchange information.", "objective: a\nb: [c,\nd]"),
        "---\n" + PPC_1,  # a document marker
    ],
)
def test_anything_unusual_reads_the_whole_text(new: str) -> None:
    assert spliced(PPC_1, new) is None


def test_a_previous_version_with_anchors_is_never_reused() -> None:
    old = PPC_1.replace("title: Activity 1", "title: &t Activity 1")  # aliases are refused
    assert parsed(old).plain is False
    assert spliced(old, old.replace("target: 1", "target: 2")) is None


def test_every_version_of_a_built_history_reads_as_the_whole_does(tmp_path: Path) -> None:
    """Each version of each file of a 60-commit history, spliced from the one before."""
    repo = build(60, tmp_path / "repo", milestones=300, seed=5)
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "--reverse", "--format=@%H", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    last: dict[str, Parsed] = {}
    used = 0
    commit = ""
    for name in log:
        if name.startswith("@"):
            commit = name[1:]
        if name.endswith(".yaml"):
            text = subprocess.run(
                ["git", "-C", str(repo), "show", f"{commit}:{name}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            whole = load_data(text)[0]
            if name in last:
                result = splice(last[name], text)
                used += result is not None
                assert result is None or result == whole, (commit, name)
            last[name] = Parsed.of(text, whole)
    assert used > 30
