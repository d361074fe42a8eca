"""CSV tables for spreadsheets: formula injection neutralised, long-form values."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from commit_cli.core.model import Plan
from commit_cli.export.tables import BOM, csv_text, neutralised, plan_tables


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("ព្រះរាជាណាចក្រកម្ពុជា", "ព្រះរាជាណាចក្រកម្ពុជា"),
        (-3, "-3"),
        (2.5, "2.5"),
        (4.0, "4"),
        (True, "yes"),
        (None, ""),
        (date(2006, 3, 13), "2006-03-13"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_shown_as_text(cell: object, shown: str) -> None:
    assert neutralised(cell) == shown  # type: ignore[arg-type]


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))


def test_tables_hold_every_milestone_indicator_and_value(plan: Plan) -> None:
    milestones, indicators, values = plan_tables(plan)
    assert [t.file_name for t in (milestones, indicators, values)] == [
        "milestones.csv",
        "indicators.csv",
        "indicator_values.csv",
    ]
    read = rows(csv_text(milestones))
    assert len(read) == sum(len(p.milestones) for p in plan.ppcs)
    assert read[0]["ppc"] == plan.ppcs[0].id
    assert len(rows(csv_text(indicators))) == sum(len(p.indicators) for p in plan.ppcs)
    assert set(rows(csv_text(values))[0]) == {
        "ppc", "indicator", "period", "country", "value", "computed"
    }  # fmt: skip


def test_values_by_country_are_one_row_each(plan: Plan) -> None:
    first = plan.ppcs[0]
    indicator = first.indicators[0].model_copy(
        update={"values": {"2006-H1": {"KH": 1, "TH": 2}, "2006-H2": 4}, "counts": None}
    )
    changed = first.model_copy(update={"indicators": [indicator, *first.indicators[1:]]})
    plan = plan.model_copy(update={"ppcs": [changed, *plan.ppcs[1:]]})
    _, _, values = plan_tables(plan)
    mine = [r for r in rows(csv_text(values)) if r["indicator"] == indicator.id]
    assert [(r["period"], r["country"], r["value"]) for r in mine] == [
        ("2006-H1", "KH", "1"),
        ("2006-H1", "TH", "2"),
        ("2006-H2", "", "4"),
    ]


def test_plan_text_that_looks_like_a_formula_is_neutralised(plan: Plan) -> None:
    first = plan.ppcs[0]
    formula = first.milestones[0].model_copy(update={"title": "=cmd|' /C calc'!A0"})
    changed = first.model_copy(update={"milestones": [formula, *first.milestones[1:]]})
    plan = plan.model_copy(update={"ppcs": [changed, *plan.ppcs[1:]]})
    milestones, _, _ = plan_tables(plan)
    assert rows(csv_text(milestones))[0]["title"] == "'=cmd|' /C calc'!A0"
