"""Making and filling workbooks in tests, as a focal point would: by the cell of an object's
field (found through the workbook's own record of its editable cells)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from commit_cli.cli.app import app
from commit_cli.sheets.read import read_workbook

runner = CliRunner()


def cli(*args: str) -> Result:
    return runner.invoke(app, list(args))


def export(target: Path, *args: str) -> Path:
    result = cli("sheet", "export", "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    return target


def cells_of(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(id, field) → (sheet, cell) for every editable cell the workbook records."""
    return {
        (record.ident, record.field): (record.sheet, record.ref)
        for record in read_workbook(path.name, path.read_bytes()).cells
    }


def fill(path: Path, values: Mapping[tuple[str, str], Any], target: Path | None = None) -> Path:
    """The workbook at `path` with the cells of (id, field) set, saved to `target`."""
    where = cells_of(path)
    book = load_workbook(path)
    for key, value in values.items():
        sheet, ref = where[key]
        book[sheet][ref].value = value
    out = target or path
    book.save(out)
    return out


def snapshot(plan_dir: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in plan_dir.rglob("*") if path.is_file()}


DAY = date(2006, 9, 14)
