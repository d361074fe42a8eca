"""`commit export --format csv|ics` through the command line, on disk and at a revision."""

from __future__ import annotations

from pathlib import Path

from conftest import GitRepo
from icalendar import Calendar
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def test_csv_writes_three_files_into_the_folder(plan_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "csv", "-o", "tables"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert names == ["indicator_values.csv", "indicators.csv", "milestones.csv"]
    text = (tmp_path / "tables" / "milestones.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("ppc,id,title,kind")
    assert "ppc1-seminar" in text


def test_csv_refuses_the_plan_folder_and_creates_nothing(plan_dir: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "csv", "-o", "plan/out"])
    assert result.exit_code == 2
    assert "inside the plan folder" in result.output
    assert not (plan_dir / "out").exists()


def test_csv_into_a_file_is_a_usage_error(plan_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert runner.invoke(app, ["export", "--format", "csv", "-o", "f"]).exit_code == 2


def test_ics_parses_back(plan_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "ics", "-o", "plan.ics"])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert any(uid.startswith("ppc1-seminar@") for uid in uids)


def test_exports_read_a_revision(plan_repo: GitRepo, plan_dir: Path, tmp_path: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text("broken: [", encoding="utf-8")
    assert runner.invoke(app, ["export", "--format", "ics"]).exit_code == 1
    result = runner.invoke(app, ["export", "--format", "ics", "--rev", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "ppc1-seminar@" in result.output
    result = runner.invoke(app, ["export", "--format", "csv", "--rev", "HEAD", "-o", "t"])
    assert result.exit_code == 0, result.output
    assert "ppc1-seminar" in (tmp_path / "t" / "milestones.csv").read_text(encoding="utf-8")
