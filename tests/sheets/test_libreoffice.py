"""Round trips through a real spreadsheet program: a workbook exported, filled in (by
openpyxl, as the issue allows when no macro runs), then opened and saved as .xlsx by headless
LibreOffice Calc, applies as the same edits as the commands; saved untouched, it changes
nothing.

Skipped, with the reason shown, only when no LibreOffice can be had; `.ci/run` installs the
Debian package `libreoffice-calc-nogui` when it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sheet_helpers import DAY, cli, export, fill, snapshot

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="no LibreOffice here (apt-get install libreoffice-calc-nogui; .ci/run does when"
        " it can)",
    ),
]


def resave(book: Path, folder: Path) -> Path:
    """`book` opened and saved again as .xlsx by LibreOffice Calc."""
    assert SOFFICE is not None
    out = folder / "saved"
    out.mkdir()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    saved = out / book.name
    assert saved.exists(), done.stderr.decode(errors="replace")
    return saved


def test_saved_untouched_by_libreoffice_it_changes_nothing(plan_dir: Path, tmp_path: Path) -> None:
    book = export(tmp_path / "kh.xlsx", "--country", "KH", "--period", "2007-H1")
    saved = resave(book, tmp_path)
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(saved))
    assert result.exit_code == 0, result.output
    assert "changes nothing" in result.output
    assert snapshot(plan_dir) == before


def test_filled_and_saved_by_libreoffice_it_makes_the_commands_edits(
    plan_dir: Path, tmp_path: Path
) -> None:
    book = export(tmp_path / "kh.xlsx", "--country", "KH", "--period", "2007-H1")
    fill(
        book,
        {
            ("ppc1-assessment", "status"): "done",
            ("ppc1-assessment", "start"): date(2005, 8, 1),
            ("ppc1-assessment", "end"): DAY,
            ("ppc1-assessment", "attended"): 27,
            ("ppc1-assessment", "women"): 12,
            ("ppc1-assessment", "men"): 15,
            ("ppc1-seminars-held", "value"): 2.5,
            ("ppc2-workshops-held", "country_value"): 1,
            ("ppc-1", "progress"): "Assessment finished.",
        },
    )
    saved = resave(book, tmp_path)
    copy = tmp_path / "by-commands" / "plan"
    shutil.copytree(plan_dir, copy)
    result = cli("sheet", "apply", str(saved), "--dry-run")
    assert result.exit_code == 0, result.output
    commands = [
        [
            *("done", "ppc1-assessment", "--on", "2006-09-14", "--from", "2005-08-01"),
            *("--attended", "27", "--women", "12", "--men", "15"),
        ],
        ["record", "ppc1-seminars-held", "2.5", "--period", "2007-H1"],
        ["record", "ppc2-workshops-held", "1", "--period", "2007-H1", "--country", "KH"],
        ["update", "ppc-1", "--period", "2007-H1", "--progress", "Assessment finished."],
    ]
    for words in commands:
        assert cli(*words, "--plan", str(copy)).exit_code == 0
    applied = cli("sheet", "apply", str(saved))
    assert applied.exit_code == 0, applied.output
    by_commands = {path.relative_to(copy): path.read_bytes() for path in copy.rglob("*.yaml")}
    by_sheet = {path.relative_to(plan_dir): path.read_bytes() for path in plan_dir.rglob("*.yaml")}
    assert by_sheet == by_commands
