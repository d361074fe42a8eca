"""Comments survive edits: a comment between a key and its value (`key: # why` with the value
below, or comment lines between them), inside a flow collection or on a block scalar's first
line of a value written again, or on the lines of a key an edit removes, is still in the file
afterwards. Rows for each placement (whole files compared), then a property: comments put
anywhere a comment may stand in the fixture files and the bundled plan, and any edit, and
every comment is still there."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from conftest import PPC_1, PPC_2, PPC_3, REPO, TRICKY_PPC
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.core import schema
from commit_cli.core.fields import field_order
from commit_cli.edit import operations
from commit_cli.edit.session import BLOCK_KEYS
from commit_cli.errors import UsageError
from commit_cli.yamlio.emit import Layout
from commit_cli.yamlio.reader import compose, load_data
from commit_cli.yamlio.roundtrip import Document, same

LAYOUT = Layout(order=lambda path: field_order(schema.PPC, path), block_keys=BLOCK_KEYS)
Change = Callable[[dict[str, Any]], object]
AFTER = "    depends_on: [ppc1-assessment]\n"


def seminar(change: Callable[[dict[str, Any]], object]) -> Change:
    return lambda data: change(data["milestones"][1])


def setting(name: str, value: str) -> Change:
    return seminar(lambda m: operations.set_field(m, schema.Milestone, name, value))


LONG = "A long outcome, " * 12 + "the end."
# (id, lines added after the seminar's depends_on, the change, the lines after the change)
ROWS: list[tuple[str, str, Change, str]] = [
    (
        "key: # c / value below",
        "    status: # c1\n      planned\n",
        seminar(lambda m: operations.done(m, "2006-01-01")),
        "    status: # c1\n      done\n    actual: {end: 2006-01-01}\n",
    ),
    (
        "comment lines between",
        "    outcome:\n      # c1\n      # c2\n      old\n",
        setting("outcome", "new"),
        "    outcome:\n      # c1\n      # c2\n      new\n",
    ),
    (
        "both",
        "    outcome: # c1\n      # c2\n      old\n",
        setting("outcome", "new"),
        "    outcome: # c1\n      # c2\n      new\n",
    ),
    (
        "value below grows to lines",
        "    outcome: # c1\n      old\n",
        setting("outcome", LONG),
        "    outcome: # c1\n      >-\n",
    ),
    (
        "flow list below",
        "    log: # c1\n      [{date: 2006-01-01, by: a, text: b}]\n",
        seminar(lambda m: operations.note(m, "t", "2006-02-01", "x")),
        "    log: # c1\n      [{date: 2006-01-01, by: a, text: b}, {date: 2006-02-01, by: x, text:"
        " t}]\n",
    ),
    (
        "flow mapping below",
        "    actual: # c1\n      {start: 2006-01-01}\n",
        seminar(lambda m: operations.done(m, "2006-01-02")),
        "    status: done\n    actual: # c1\n      {start: 2006-01-01, end: 2006-01-02}\n",
    ),
    (
        "block list after comment line",
        "    log:\n      # c1\n      - {date: 2006-01-01, by: a, text: b}\n",
        seminar(lambda m: operations.note(m, "t", "2005-02-01", "x")),
        "    log:\n      # c1\n      - date: 2005-02-01\n",
    ),
    (
        "inside a flow mapping",
        "    actual: {start: 2006-01-01, # c1\n      }\n",
        seminar(lambda m: operations.done(m, "2006-01-02")),
        "    status: done\n    actual: {start: 2006-01-01, end: 2006-01-02}  # c1\n",
    ),
    (
        "two inside a flow list",
        "    countries2: [KH, # c1\n      TH, # c2\n      ]\n",
        lambda d: d["milestones"][1].__setitem__("countries2", ["KH"]),
        "    # c1\n    # c2\n    countries2: [KH]\n",
    ),
    (
        "block scalar header",
        "    outcome: > # c1\n      old text\n",
        setting("outcome", "new"),
        "    outcome: new  # c1\n",
    ),
    (
        "block scalar header, block again",
        "    outcome: >- # c1\n      old text\n",
        setting("outcome", LONG),
        "    outcome: >-  # c1\n",
    ),
    (
        "trailing, value grows to lines",
        "    outcome: old  # c1\n",
        setting("outcome", LONG),
        "    outcome: >-  # c1\n",
    ),
    (
        "trailing, quoted value grows to lines",
        "    outcome: old  # c1\n",
        setting("outcome", "'quoted' " * 15),
        "    # c1\n    outcome: '''quoted'' ",
    ),
    (
        "a list written again",
        "    partners:\n      - uniap  # c1\n      # c2\n      - other\n",
        lambda d: d["milestones"][1].__setitem__("partners", ["other"]),
        "    # c1\n    # c2\n    partners: [other]\n",
    ),
    (
        "a key removed",
        "    review2:  # c1\n      # c2\n      x: 1\n    next2: 1\n",
        lambda d: d["milestones"][1].pop("review2"),
        "    # c1\n    # c2\n    next2: 1\n",
    ),
]


@pytest.mark.parametrize(
    ("added", "change", "expected"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_a_comment_survives_the_edit_of_its_value(
    added: str, change: Change, expected: str
) -> None:
    before = PPC_1.replace(AFTER, AFTER + added)
    document = Document(before.encode())
    data = copy.deepcopy(document.data)
    change(data)
    after = document.apply(data, LAYOUT)
    head, tail = before.split(AFTER)
    assert after.startswith(head + AFTER)  # the whole file: what comes before
    assert after.endswith(tail[len(added) :])  # and after, unchanged
    assert after[len(head + AFTER) : len(after) - len(tail) + len(added)].startswith(expected)
    for marker in ("# c1", "# c2"):
        assert after.count(marker) == before.count(marker)


# --- anywhere a comment may stand, any edit -------------------------------------------------

FILES = {
    "PPC_1": PPC_1,
    "PPC_2": PPC_2,
    "PPC_3": PPC_3,
    "TRICKY_PPC": TRICKY_PPC,
    **{path.name: path.read_text(encoding="utf-8") for path in (REPO / "plan/ppcs").glob("*")},
}
_KEY_VALUE = re.compile(r"^( *)(- )?([a-z_0-9-]+): (?![>|#])(\S.*)$")


@cache
def inside_scalars(name: str) -> frozenset[int]:
    """The lines (0-based) a scalar of the file goes on to after its first: no comment may
    stand on or before them."""
    root = compose(FILES[name])
    assert root is not None
    found: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            last = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
            found.update(range(node.start_mark.line + 1, last + 1))
            if node.style in (">", "|"):
                found.update(range(node.start_mark.line + 1, node.end_mark.line + 1))
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return frozenset(found)


def commented(name: str, places: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """The file with a comment at each place (line, how), and the comments."""
    lines = FILES[name].split("\n")
    unsafe = inside_scalars(name)
    markers: list[str] = []
    for line, how in sorted(set(places), reverse=True):
        line %= len(lines) - 1
        text = lines[line]
        marker = f"# c{len(markers)} {how}"
        if line in unsafe or line + 1 in unsafe:
            continue
        if how == 0:  # a line of its own, before this one
            indent = len(text) - len(text.lstrip(" "))
            lines.insert(line, " " * indent + marker)
        elif how == 1 and text.strip() and "#" not in text:  # after this line's content
            lines[line] = text + "  " + marker
        elif how == 2 and (found := _KEY_VALUE.match(text)) and "#" not in text:
            lead, dash, key, value = found.groups()
            below = " " * (len(lead) + len(dash or "") + 2)
            lines[line : line + 1] = [f"{lead}{dash or ''}{key}: {marker}", below + value]
        else:
            continue
        markers.append(marker)
    return "\n".join(lines), markers


def _milestone_edits(index: int, text: str) -> dict[str, Change]:
    def on(change: Callable[[dict[str, Any]], object]) -> Change:
        return lambda data: change(data["milestones"][index % len(data["milestones"])])

    return {
        "note": on(lambda m: operations.note(m, text, "2006-02-01", "x")),
        "early note": on(lambda m: operations.note(m, text, "1999-02-01", "x")),
        "done": on(lambda m: operations.done(m, "2006-03-02", "2006-03-01", 9, outcome=text)),
        "start": on(lambda m: operations.start(m, "2006-03-01")),
        "postpone": on(lambda m: operations.postpone(m, "2007-H2", text or "x", "2006-04-01")),
        "cancel": on(lambda m: operations.cancel(m, text or "x", "2006-04-01")),
        "set outcome": on(lambda m: operations.set_field(m, schema.Milestone, "outcome", text)),
        "set title": on(lambda m: operations.set_field(m, schema.Milestone, "title", text)),
        "set window": on(lambda m: operations.set_field(m, schema.Milestone, "window.end", "2007")),
        "update": lambda d: operations.update(d, "2006-H2", text or "x", [text], []),
        "review": lambda d: operations.review(d, [text or "x"], [], [], []),
        "record": lambda d: operations.record(d["indicators"][0], "3", "2006-H1", None),
        "record by country": lambda d: operations.record(d["indicators"][0], "3", "2007", "KH"),
    }


EDIT_NAMES = sorted(_milestone_edits(0, ""))
WORDS = st.sampled_from(["", "Held.", "Venue: booked # 2", LONG, "One.\n\nTwo.\n", "'q' " * 30])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(FILES)),
    places=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 2)), max_size=8),
    edits=st.lists(
        st.tuples(st.sampled_from(EDIT_NAMES), st.integers(0, 50), WORDS), min_size=1, max_size=3
    ),
)
def test_every_comment_survives_any_edit(
    name: str, places: list[tuple[int, int]], edits: list[tuple[str, int, str]]
) -> None:
    text, markers = commented(name, places)
    original, _ = load_data(FILES[name])
    data, issues = load_data(text)
    assume(not issues and same(data, original))  # the comments stand where comments may
    document = Document(text.encode())
    wanted = copy.deepcopy(document.data)
    for edit, index, words in edits:
        try:
            _milestone_edits(index, words)[edit](wanted)
        except (KeyError, IndexError, TypeError, UsageError):  # an edit that does not fit
            assume(False)
    after = document.apply(wanted, LAYOUT)  # and it reads back as `wanted`
    for marker in markers:
        assert after.count(marker) == 1, (marker, after)
    for comment in re.findall(r"#.*", FILES[name]):  # the file's own comments too
        assert comment.rstrip() in after
