"""`commit sheet export --missing-only`: a focal point gets only the rows still owed for the
period, exactly the items `commit due` lists for their country (its code, reused), and a
country that owes nothing gets a workbook with no rows that says so."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import HEADER, PPC_1, PPC_2, write_plan
from openpyxl import load_workbook
from sheet_helpers import cli, export, fill

from commit_cli.sheets.layout import META_SHEET

KINDS = {"Milestones": "milestone", "Indicators": "indicator", "Updates": "update"}


def rows(path: Path) -> set[tuple[str, str]]:
    """(kind, id) of every data row of the workbook (a row's first cell is its id)."""
    book = load_workbook(path)
    return {
        (kind, str(row[0]))
        for sheet, kind in KINDS.items()
        for row in book[sheet].iter_rows(min_row=2, values_only=True)
        if row[0] is not None
    }


def owed(plan: Path, period: str, country: str | None) -> set[tuple[str, str]]:
    """What `commit due --period P --json` lists for the country (every item without one)."""
    by = ["--by", "country"] if country else []
    result = cli("due", "--period", period, *by, "--json", "--plan", str(plan))
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)["groups"]
    return {
        (item["kind"], item["id"])
        for group in groups
        if country is None or group["key"] == country
        for item in group["missing"]
    }


def test_the_late_country_gets_the_rows_due_lists_for_it(demo_repo: Path, tmp_path: Path) -> None:
    """Myanmar's task force is late for 2006-H1 on the demo."""
    from commit_cli.demo.story import LATE_COUNTRY

    late, period = LATE_COUNTRY
    plan = demo_repo / "plan"
    target = tmp_path / "late.xlsx"
    args = ["--country", late, "--period", period, "--plan", str(plan)]
    result = cli("sheet", "export", "-o", str(target), *args, "--missing-only")
    assert result.exit_code == 0, result.output
    expected = owed(plan, period, late)
    assert expected  # the demo's late country owes something
    assert rows(target) == expected
    assert f"{len(expected)} rows owed" in result.output
    everything = rows(export(tmp_path / "all.xlsx", *args))
    # fewer rows than the full workbook (which holds what the plan says now: a milestone
    # owed on the period's last day but recorded since is owed by due's definition)
    assert len(rows(target)) < len(everything)
    every_country = tmp_path / "every.xlsx"
    export(every_country, "--period", period, "--plan", str(plan), "--missing-only")
    assert rows(every_country) == owed(plan, period, None)


def test_a_missing_only_workbook_applies_like_any_other(demo_repo: Path, tmp_path: Path) -> None:
    from commit_cli.demo.story import LATE_COUNTRY

    late, period = LATE_COUNTRY
    plan = demo_repo / "plan"
    target = export(
        tmp_path / "late.xlsx",
        *("--country", late, "--period", period, "--plan", str(plan), "--missing-only"),
    )
    about = {
        row[1]: row[2]
        for row in load_workbook(target)[META_SHEET].iter_rows(values_only=True)
        if row[0] == "about"
    }
    assert about["missing only"] == "yes"
    indicator = next(ident for kind, ident in rows(target) if kind == "indicator")
    fill(target, {(indicator, "country_value"): 3})
    result = cli("sheet", "apply", str(target), "--dry-run", "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert indicator in result.output


REPORTED = "    values: {2005-H2: 0}\n"


def test_a_country_that_owes_nothing_gets_a_workbook_with_no_rows(tmp_path: Path) -> None:
    """In 2005-H2 no milestone's window has ended before the period's last day; with both
    indicators' values recorded, Cambodia owes nothing (the near miss: without them, it owes
    the two values, and gets those two rows)."""
    late = write_plan(tmp_path / "late")
    assert owed(late, "2005-H2", "KH") == {
        ("indicator", "ppc1-seminars-held"),
        ("indicator", "ppc2-workshops-held"),
    }
    near = export(tmp_path / "near.xlsx", "--country", "KH", "--period", "2005-H2",
                  "--plan", str(late), "--missing-only")  # fmt: skip
    assert rows(near) == owed(late, "2005-H2", "KH")
    done = write_plan(
        tmp_path / "done",
        HEADER,
        {
            "ppc-01": PPC_1.replace("    target: 1\n", "    target: 1\n" + REPORTED),
            "ppc-02": PPC_2.replace("    target: 1\n", "    target: 1\n" + REPORTED),
        },
    )
    assert owed(done, "2005-H2", "KH") == set()
    target = tmp_path / "kh.xlsx"
    result = cli("sheet", "export", "-o", str(target), "--country", "KH", "--period", "2005-H2",
                 "--plan", str(done), "--missing-only")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("(KH, 2005-H2, nothing owed)")
    assert rows(target) == set()
    readme = [row[0] for row in load_workbook(target)["Read me"].iter_rows(values_only=True)]
    assert any(isinstance(text, str) and "nothing is owed" in text for text in readme)
