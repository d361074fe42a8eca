"""Hostile workbooks for `commit sheet apply`, one row each: every one is refused in one line
(or, for one bad cell, a line naming the cell), quickly, with no traceback, and the plan's
bytes unchanged."""

from __future__ import annotations

import io
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PPC_1, REPO
from hostile_helpers import assert_one_clear_line, run_commit

sys.path.insert(0, str(REPO / "tests" / "sheets"))

from sheet_helpers import cli, export, fill, snapshot

from commit_cli.sheets import read


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The zip `data` with parts replaced, added (a name not in it) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in changes:
                continue
            target.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


MILESTONES = "xl/worksheets/sheet2.xml"  # the sheets in order: Read me, Milestones, …


def with_cell(data: bytes, ref: str, xml: str) -> bytes:
    """The workbook with the cell `ref` of the Milestones sheet written as `xml`."""
    sheet = part(data, MILESTONES).decode()
    style = re.search(rf'<c r="{ref}"( s="\d+")?', sheet)
    assert style is not None
    xml = xml.replace(f'<c r="{ref}"', f'<c r="{ref}"{style.group(1) or ""}', 1)  # its format
    sheet, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, sheet, count=1)
    assert count == 1
    return rezip(data, {MILESTONES: sheet.encode()})


RECORD = "xl/worksheets/sheet5.xml"  # the hidden record of the editable cells


def damaged_record(replacement: str) -> Callable[[bytes], bytes]:
    def make(data: bytes) -> bytes:
        sheet = part(data, RECORD).decode()
        sheet, count = re.subn(r"<t>\[\[.*?</t>", f"<t>{replacement}</t>", sheet, count=1)
        assert count == 1
        return rezip(data, {RECORD: sheet.encode()})

    return make


def zip_bomb(data: bytes) -> bytes:
    return rezip(data, {"xl/media/padding.xml": b"\0" * (20 * 1024 * 1024)})


def a_million_rows(data: bytes) -> bytes:
    sheet = part(data, MILESTONES).decode()
    row = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace("</sheetData>", row + "</sheetData>")
    sheet = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:N1000000"', sheet)
    return rezip(data, {MILESTONES: sheet.encode()})


def xxe(secret: Path) -> Callable[[bytes], bytes]:
    def make(data: bytes) -> bytes:
        sheet = part(data, MILESTONES).decode()
        doctype = f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">]>'
        sheet = doctype + sheet.replace("<t>ppc1-assessment</t>", "<t>&leak;</t>", 1)
        return rezip(data, {MILESTONES: sheet.encode()})

    return make


def billion_laughs(data: bytes) -> bytes:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    sheet = part(data, MILESTONES).decode()
    sheet = f"<!DOCTYPE worksheet [{entities}]>" + sheet.replace(
        "<t>ppc1-assessment</t>", "<t>&i;</t>", 1
    )
    return rezip(data, {MILESTONES: sheet.encode()})


def ods(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def foreign(data: bytes) -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "ppc1-assessment"  # type: ignore[index]
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[bytes], bytes]
    says: str
    code: int = 2


SECRET = "TOP-SECRET-FROM-THE-DISK"
CASES = [
    Case("not a zip", lambda data: b"id,status\nppc1-assessment,done\n", "not an .xlsx workbook"),
    Case("empty", lambda data: b"", "not an .xlsx workbook"),
    Case("a PDF", lambda data: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not an .xlsx workbook"),
    Case("cut short", lambda data: data[: len(data) // 2], "workbook"),
    Case("an .ods", ods, "an OpenDocument (.ods) spreadsheet; save it as Excel 2007-365 (.xlsx)"),
    Case("zip bomb", zip_bomb, "unpacks over 200 times (a zip bomb?)"),
    Case(
        "macros",
        lambda data: rezip(data, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100}),
        "it holds macros",
    ),
    Case(
        "macro-enabled type",
        lambda data: rezip(
            data,
            {
                "[Content_Types].xml": part(data, "[Content_Types].xml").replace(
                    b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
                )
            },
        ),
        "it holds macros",
    ),
    Case(
        "external link",
        lambda data: rezip(data, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
        "it links to other workbooks",
    ),
    Case("billion laughs", billion_laughs, "it cannot be read as a workbook"),
    Case("not made by sheet export", foreign, "not made by `commit sheet export`"),
    Case(
        "no record sheet",
        lambda data: rezip(data, {"xl/worksheets/sheet5.xml": None}),
        "workbook",
    ),
    Case("record not JSON", damaged_record("[[not json"), "record of what it was made from"),
    Case("record of the wrong shape", damaged_record("[[1,2,3]]"), "is damaged"),
    Case("record nested deep", damaged_record("[" * 100_000), "is damaged"),
    Case(
        "formula without a value",
        lambda data: with_cell(data, "H2", '<c r="H2"><f>SUM(1,2)</f></c>'),
        "Milestones!H2: a formula without a value; type the value instead",
        1,
    ),
    Case(
        "a C1 control character",
        lambda data: with_cell(
            data, "K2", '<c r="K2" t="inlineStr"><is><t>ok\u009b31m red</t></is></c>'
        ),
        "Milestones!K2: holds a control character (U+009B); delete it",
        1,
    ),
    Case(
        "an error value",
        lambda data: with_cell(data, "H2", '<c r="H2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
        "Milestones!H2: holds the error #DIV/0!; type a value",
        1,
    ),
]


@pytest.fixture
def book(plan_dir: Path, tmp_path: Path) -> bytes:
    return export(tmp_path / "made.xlsx", "--period", "2007-H1").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_workbook_is_refused(
    case: Case, plan_dir: Path, book: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(case.make(book))
    before = snapshot(plan_dir)
    started = time.perf_counter()
    result = cli("sheet", "apply", str(path))
    assert time.perf_counter() - started < 10
    assert result.exit_code == case.code, result.output
    assert case.says in result.output
    assert "Traceback" not in result.output
    assert "\x9b" not in result.output
    assert "\x1b" not in result.output
    if case.code == 2:
        assert len(result.output.splitlines()) == 1, result.output
    assert snapshot(plan_dir) == before


def test_an_external_entity_is_never_read(plan_dir: Path, book: bytes, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(xxe(secret)(book))
    result = cli("sheet", "apply", str(path))
    assert result.exit_code == 2
    assert "cannot be read as a workbook" in result.output
    assert SECRET not in result.output


def test_a_formula_with_a_cached_value_is_read_as_that_value(
    plan_dir: Path, book: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "formula.xlsx"
    data = with_cell(book, "E2", '<c r="E2" t="str"><f>"do"&amp;"ne"</f><v>done</v></c>')
    path.write_bytes(with_cell(data, "G2", '<c r="G2"><f>DATE(2006,9,14)</f><v>38974</v></c>'))
    result = cli("sheet", "apply", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would run: commit done ppc1-assessment --on 2006-09-14" in result.output


def test_a_million_rows_cost_nothing(plan_dir: Path, book: bytes, tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    path.write_bytes(a_million_rows(book))
    started = time.perf_counter()
    result = cli("sheet", "apply", str(path))
    assert time.perf_counter() - started < 10
    assert result.exit_code == 0, result.output
    assert "changes nothing" in result.output


def test_the_unpacked_size_is_capped(
    plan_dir: Path, book: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_UNPACKED_BYTES", 20 * 1024)
    path = tmp_path / "big.xlsx"
    path.write_bytes(book)
    result = cli("sheet", "apply", str(path))
    assert result.exit_code == 2
    assert "it unpacks to over" in result.output


def test_a_fifo_is_refused_without_blocking(plan_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    result = cli("sheet", "apply", str(fifo))
    assert result.exit_code == 2
    assert "not a regular file" in result.output


def test_a_good_cell_beside_a_filled_one_still_applies(plan_dir: Path, tmp_path: Path) -> None:
    """The hostile rows above fail for their own reason: the same workbook, filled honestly,
    is applied."""
    path = export(tmp_path / "made.xlsx", "--period", "2007-H1")
    fill(
        path,
        {("ppc1-assessment", "status"): "in progress", ("ppc1-assessment", "start"): "2005-08-01"},
    )
    result = cli("sheet", "apply", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("title", "refused"),
    [("Seminar \\e[31mred\\a", True), ("Seminar \\u202eeurt \\x9b", False)],
)
def test_plan_text_a_workbook_cannot_hold_is_refused_in_one_line(
    plan_dir: Path, tmp_path: Path, title: str, refused: bool
) -> None:
    """ESC and BEL have no place in a workbook's XML (openpyxl raised midway, a traceback);
    a bidi override or a C1 control does, and is kept as the plan's data."""
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f'title: "{title}"'), encoding="utf-8"
    )
    target = tmp_path / "out.xlsx"
    run = run_commit(
        "sheet", "export", "--country", "KH", "--period", "2006-H1", "-o", str(target),
        cwd=plan_dir.parent,
    )  # fmt: skip
    if refused:
        assert_one_clear_line(run, 1, "milestone ppc1-seminar")
        assert "a workbook cannot hold (\\x07, \\x1b); delete them" in run.output
        assert len(run.output.strip().splitlines()) == 1
        assert not target.exists()
    else:
        assert run.code == 0, run.output
        assert target.exists()
