"""The formatter never makes a valid file invalid: whatever a file's line ends (LF, CRLF, CR
alone, NEL, U+2028, U+2029, a mix) and whatever it holds, `fmt` writes bytes that the plan's
reader reads as the same data (same types, same keys, no duplicate key) with the same
comments, or refuses in one line and writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, PPC_1, PPC_2, REPO, TRICKY_PPC
from hostile_helpers import assert_one_clear_line, plan_unchanged, run_commit
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.yamlio.fmt import FormatMismatch, format_bytes, identical
from commit_cli.yamlio.fmt_writer import Writer
from commit_cli.yamlio.reader import YamlSyntaxError, load_data

BUNDLED = [REPO / "plan" / name for name in ("plan.yaml", "ppcs/ppc-02.yaml", "ppcs/ppc-09.yaml")]

# Files of earlier work's hostile cases: odd keys, numbers, tags, quoting, comments
# everywhere, block texts that keep their final blank lines, flow collections, `? key`.
SNIPPETS = [
    "a: 1 # c\nb: 2\n",
    "# head\n\na: 1\n# between\nb:\n  - 1 # one\n  # inside\n  - 2\n# end\n",
    "x: .nan\ny: .inf\nz: -.inf\nw: -0.0\nv: 1e400\nu: 0.1\n",
    "1: int\n'1': text\ntrue: bool\n'true': text\n~: null\n2006: year\n'2006-H1': half\n",
    "a: !!str 1\nb: !!float 2\nc: !!int '3'\nd: !!bool 'true'\n",
    "octal: 010\nsexagesimal: 1:30\nlong: 12345678901234567890123456789012345678901234\n",
    'q: "tab\\there, escape \\x1b[31m, bidi \\u202e, separator \\u2028 and more"\n',
    "keep: |+\n  text\n\n\nnext: 1\nfolded: >+\n  more\n\nlast: 2\n",
    "strip: |-\n  a\n   b\n\n  c\nclip: >\n  folded\n  text\n\n  para\n",
    "flow: {a: 1, b: [1, 2, {c: 3}]}  # after\nlist: [a, 'b c', \"d\"]\n",
    "? complex\n: value\n? other\n: [1, 2]\n",
    "- # after the dash\n  a: 1\n- b: 2 # own\n- # before a long text\n  c: 'x x x x x x x x"
    " x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x'\n",
    "multi: word\n  more words # after\nquoted: 'one\n  two' # after\n",
    "# yaml-language-server: $schema=../schema/ppc.schema.json\nb: 1\na: 2\n",
    "#yaml-language-server: x\n\nb: 1\n",
    "a:    'spaced'   # c\nb:\n    deep:\n        deeper: x\n",
    "empty: ''\nnothing:\nlist: []\nmap: {}\nspace: ' '\n",
    "'key with: colon': 1\n\"key\\ttab\": 2\n'#hash': 3\n",
    "# only a comment\n\n#another\n",
    "# yaml-language-server: $schema=x\n\n# and a comment, no content\n",
    "---\n# after the start of the document\n",
]
CORPUS = [
    *(path.read_text("utf-8") for path in BUNDLED),
    HEADER,
    PPC_1,
    PPC_2,
    TRICKY_PPC,
    *SNIPPETS,
]

LINE_ENDS = {
    "LF": ["\n"],
    "CRLF": ["\r\n"],
    "CR": ["\r"],
    "NEL": ["\x85"],
    "LS": ["\u2028"],
    "PS": ["\u2029"],
    "mixed": ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\r\n", "\r"],
}

EVERY_END = sorted({end for ends in LINE_ENDS.values() for end in ends})


def restyled(text: str, ends: list[str]) -> str:
    """`text` with its line feeds replaced by `ends`, in turn."""
    lines = text.split("\n")
    return "".join(line + ends[i % len(ends)] for i, line in enumerate(lines[:-1])) + lines[-1]


def as_read(raw: bytes) -> Any:
    """The data as the plan's reader reads the file (a duplicate key is a failure)."""
    data, issues = load_data(raw.decode("utf-8-sig"))
    assert issues == [], issues
    return data


def check_safe(raw: bytes) -> bytes | None:
    """The formatted bytes, checked: the same data, no problem, formatting again changes
    nothing; None when the formatter refused (nothing would be written)."""
    try:
        formatted = format_bytes(raw).formatted
    except FormatMismatch:
        return None
    assert identical(as_read(raw), as_read(formatted)), (raw, formatted)
    assert format_bytes(formatted).formatted == formatted, formatted
    return formatted


@pytest.mark.parametrize("style", list(LINE_ENDS))
def test_every_line_end_style_formats_to_the_same_data(style: str) -> None:
    for text in CORPUS:
        for bom in ("", "\ufeff"):
            raw = (bom + restyled(text, LINE_ENDS[style])).encode("utf-8")
            try:
                as_read(raw)
            except YamlSyntaxError:
                continue  # not a valid file in this style: fmt reports it, see below
            formatted = check_safe(raw)
            assert formatted is not None, f"refused: {raw[:200]!r}"
            assert formatted.startswith(bom.encode())
            if style in ("LF", "CRLF", "CR"):  # the file's own line ends are kept
                end = LINE_ENDS[style][0].encode()
                assert formatted.count(end) == len(formatted.splitlines())


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("a comment running on after a lone CR", "# head\ra: 1 # t\rb: 2\r"),
        ("keys after a NEL in a comment", "# c\x85a: 1\nb: 2\n"),
        ("keys after U+2028 in a comment", "# c\u2028a: 1\n"),
        ("a key after U+2029 after a value", "a: 1 # c\u2029b: 2\n"),
        ("U+2028 in a quoted text", 'a: "x\u2028y"\nb: 1\n'),
        ("U+2028 in a block text", "a: |\n  x\u2028  y\nb: 1\n"),
        ("a comment after a long text with U+2029", "k: > #\u2029 " + "word " * 30 + "\u2029"),
        ("a dash's comment before a long text", "- #\x85 k: " + "word " * 30 + "\u2029  end"),
        ("the editor's line ended by U+2029", "#yaml-language-server:\u2029\ns: 1\n"),
        ("keep-chomped block with CR line ends", "a: |+\r  x\r\r\rb: 1\r"),
        ("CR LF, then CR alone", "a: 1\r\nb: 2\rc: 3\n"),
        ("not-a-number and infinities", "x: .nan\ny: -.inf\n"),
    ],
)
def test_line_ends_the_formatter_once_misread(title: str, text: str) -> None:
    formatted = check_safe(text.encode("utf-8"))
    assert formatted is not None


MUTATIONS = st.sampled_from(
    ["\r", "\n", "\x85", "\u2028", "\u2029", "\r\n", "#", " #x", "\t", "'", '"', ": ", "- ",
     "|", ">", "|+", ">-", "\u00a0", "  ", "\\", "{", "[", ", ", "?"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.sampled_from([text for text in CORPUS if len(text) < 20_000]),
    lines=st.integers(min_value=1, max_value=60),
    ends=st.lists(st.sampled_from(EVERY_END), min_size=1, max_size=4),
    inserts=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), MUTATIONS | st.text(max_size=3)),
        max_size=4,
    ),
)
def test_a_mutated_file_is_formatted_to_the_same_data_or_refused(
    text: str, lines: int, ends: list[str], inserts: list[tuple[float, str]]
) -> None:
    text = restyled("\n".join(text.split("\n")[:lines]), ends)
    for where, piece in inserts:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    raw = text.encode("utf-8", errors="surrogatepass")
    try:
        as_read(raw)
    except (YamlSyntaxError, UnicodeDecodeError, AssertionError):
        event("not a valid file")
        return
    event("formatted" if check_safe(raw) is not None else "refused")


SCALARS = (
    st.text(max_size=150)
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
)
KEYS = st.text(min_size=1, max_size=12) | st.integers(min_value=0, max_value=3000)
DOCUMENTS = st.recursive(
    st.dictionaries(KEYS, SCALARS, min_size=1, max_size=4),
    lambda inner: st.dictionaries(
        KEYS, inner | st.lists(SCALARS | inner, min_size=1, max_size=3), min_size=1, max_size=4
    ),
    max_leaves=10,
)
COMMENT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\n\r\x85\u2028\u2029"),
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    document=DOCUMENTS,
    comments=st.lists(st.tuples(st.integers(min_value=0, max_value=40), COMMENT), max_size=4),
    trailing=st.lists(st.tuples(st.integers(min_value=0, max_value=40), COMMENT), max_size=3),
    style=st.sampled_from(list(LINE_ENDS)),
)
def test_any_text_with_comments_anywhere_in_any_line_ends_keeps_its_data(
    document: dict[Any, Any],
    comments: list[tuple[int, str]],
    trailing: list[tuple[int, str]],
    style: str,
) -> None:
    from commit_cli.yamlio.emit import Layout, block_lines

    lines = block_lines(document, (), 0, Layout())
    for at, text in comments:
        lines.insert(min(at, len(lines)), "#" + text)
    for at, text in trailing:
        if at < len(lines) and not lines[at].lstrip().startswith("#"):
            lines[at] += " #" + text
    raw = restyled("\n".join(lines) + "\n", LINE_ENDS[style]).encode("utf-8")
    try:
        as_read(raw)
    except (YamlSyntaxError, AssertionError):
        event("a comment made it invalid")
        return
    event("formatted" if check_safe(raw) is not None else "refused")


# As a real process, on a file on disk: fmt writes the same data, in the file's line ends.
FILES = [
    ("CR line ends", PPC_1.replace("\n", "\r")),
    ("CR LF line ends", PPC_1.replace("\n", "\r\n")),
    ("NEL line ends", PPC_1.replace("\n", "\x85")),
    ("U+2028 after a comment", PPC_1.replace("# PPC 1 – a small test PPC\n", "# PPC 1\u2028")),
    ("mixed line ends", restyled(PPC_1, LINE_ENDS["mixed"])),
]


@pytest.mark.parametrize(("title", "text"), FILES, ids=[row[0] for row in FILES])
def test_fmt_writes_the_same_plan_whatever_the_line_ends(
    plan_dir: Path, title: str, text: str
) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_bytes(text.replace("label: PPC 1", "label:   PPC 1").encode("utf-8"))
    before = as_read(path.read_bytes())
    run = run_commit("fmt", cwd=plan_dir.parent)
    assert run.code == 0, run.output
    assert identical(as_read(path.read_bytes()), before)
    assert run_commit("validate", cwd=plan_dir.parent).code == 0
    assert run_commit("fmt", "--check", cwd=plan_dir.parent).code == 0


def test_a_formatter_mistake_is_refused_in_one_line_and_nothing_is_written(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(PPC_1.replace("label: PPC 1", "label:   PPC 1"), encoding="utf-8")
    document = Writer.document

    def duplicating(self: Any) -> list[str]:  # a formatter bug: the first key twice
        lines = document(self)
        return [*lines, next(line for line in lines if line.startswith("id:"))]

    monkeypatch.setattr(Writer, "document", duplicating)
    with plan_unchanged(plan_dir):
        result = CliRunner().invoke(app, ["fmt"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 3  # one per file: plan.yaml, ppc-01.yaml, ppc-02.yaml
    assert all("not reformatted" in line for line in lines), lines


def test_an_unreadable_file_is_one_line(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_bytes(b"a: 1\ra: 2\r")
    with plan_unchanged(plan_dir):
        run = run_commit("fmt", cwd=plan_dir.parent)
    assert_one_clear_line(run, 1, "duplicate key 'a'")


def test_a_file_formatting_would_push_past_the_read_limit_is_left_alone(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commit_cli.plan import formatting

    path = plan_dir / "ppcs" / "ppc-01.yaml"
    long_text = " ".join(["Exchange information"] * 40)  # formatted: folded, so longer
    path.write_text(PPC_1.replace("Exchange information.", long_text), encoding="utf-8")
    assert len(format_bytes(path.read_bytes()).formatted) > path.stat().st_size
    monkeypatch.setattr(formatting, "MAX_FILE_BYTES", path.stat().st_size + 10)
    with plan_unchanged(plan_dir):
        result = CliRunner().invoke(app, ["fmt"])
    assert result.exit_code == 1, result.output
    assert "would be larger than" in result.output
    assert "Traceback" not in result.output
