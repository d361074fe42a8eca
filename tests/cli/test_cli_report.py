"""`commit report`, `commit templates` and `commit demo` through the command line: where
documents go, and one clear line for each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
SUMMARY = ["report", "summary", "--period", "2006-H1", "--as-of", "2006-06-30"]


def one_error_line(result: object, code: int, text: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == code, output  # type: ignore[attr-defined]
    assert output.startswith("commit: error: "), output
    assert len(output.splitlines()) == 1, output
    assert text in output
    assert "Traceback" not in output


def test_markdown_on_stdout_by_default(status_plan_dir: Path) -> None:
    result = runner.invoke(app, SUMMARY)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Six-monthly summary report to the Governments, 2006-H1\n")


def test_json_is_the_context(status_plan_dir: Path) -> None:
    result = runner.invoke(app, [*SUMMARY, "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["report"]["kind"] == "summary"
    assert list(document)[:3] == ["notice", "version", "report"]


def test_one_file_takes_its_format_from_the_suffix(status_plan_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "summary.html"
    target.parent.mkdir()
    result = runner.invoke(app, [*SUMMARY, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_several_formats_into_a_folder(status_plan_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = runner.invoke(
        app, [*SUMMARY, "-f", "md", "-f", "html", "-f", "json", "-o", f"{folder}/"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["summary-2006-H1.html", "summary-2006-H1.json", "summary-2006-H1.md"]
    ppc = runner.invoke(app, ["report", "ppc", "ppc-3", "--period", "2006-H1", "-o", str(folder)])
    assert ppc.exit_code == 0, ppc.output
    assert (folder / "ppc-3-2006-H1.md").is_file()


def test_the_same_report_twice_is_the_same_bytes(status_plan_dir: Path) -> None:
    for output_format in ("md", "html", "json"):
        first = runner.invoke(app, [*SUMMARY, "-f", output_format]).output
        assert runner.invoke(app, [*SUMMARY, "-f", output_format]).output == first


@pytest.mark.parametrize(
    ("arguments", "code", "text"),
    [
        (["report", "summary", "--period", "2006-H3"], 2, "--period: '2006-H3' is not a period"),
        (["report", "summary", "--period", "2009-H1"], 1, "unknown period '2009-H1'"),
        (["report", "ppc", "ppc-9"], 1, "unknown PPC 'ppc-9'"),
        (["report", "final", "--templates", "nowhere"], 2, "--templates: the folder 'nowhere'"),
        (["report", "final", "-o", "missing/final.md"], 2, "the folder missing does not exist"),
        (["report", "final", "-o", "missing/"], 2, "cannot write into missing"),
        (["report", "final", "-f", "pdf"], 2, "--format pdf writes a file"),
        (["report", "final", "-f", "md", "-f", "html"], 2, "several formats need a folder"),
        (["report", "final", "-f", "md", "-f", "html", "-o", "x.md"], 2, "names one file"),
        (["report", "final", "-o", "plan/final.md"], 2, "inside the plan folder"),
        (["report", "final", "-o", "x.odt"], 2, "-o x.odt: .odt is not a report format"),
        (["report", "final", "-o", "final"], 2, "-o final: name the file .md, .html, .pdf"),
        (["report", "final", "-f", "html", "-o", "x.md"], 2, "-o x.md: --format html writes"),
        (["report", "final", "-f", "pdf", "-o", "x.PDF.txt"], 2, ".txt is not a report format"),
        (["report", "final", "--as-of", "someday"], 2, "--as-of: 'someday' is not a date"),
    ],
)
def test_bad_input_gets_one_clear_line(
    status_plan_dir: Path, arguments: list[str], code: int, text: str
) -> None:
    one_error_line(runner.invoke(app, arguments), code, text)


def test_writing_onto_a_folder_is_refused(status_plan_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "out" / "final.md").mkdir(parents=True)
    result = runner.invoke(app, ["report", "final", "-o", str(tmp_path / "out") + "/"])
    one_error_line(result, 2, "it is a folder; name a file")


def test_a_broken_template_exits_1_naming_file_and_line(status_plan_dir: Path) -> None:
    own = status_plan_dir.parent / "templates"
    own.mkdir()
    (own / "final.md.j2").write_text("# {{ report.title }}\n{{ report.nope }}\n")
    result = runner.invoke(app, ["report", "final"])
    one_error_line(result, 1, "templates/final.md.j2:2: ")
    assert "has no attribute 'nope'" in result.output


def test_no_chromium_for_pdf_exits_2(
    status_plan_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = runner.invoke(app, ["report", "final", "-f", "pdf", "-o", str(tmp_path / "f.pdf")])
    one_error_line(result, 2, "--format pdf needs headless Chromium, and none was found")
    assert not (tmp_path / "f.pdf").exists()


def test_templates_list_names_where_each_comes_from(status_plan_dir: Path) -> None:
    own = status_plan_dir.parent / "templates"
    own.mkdir()
    (own / "summary.md.j2").write_text("# mine\n")
    result = runner.invoke(app, ["templates", "list", "--json"])
    assert result.exit_code == 0, result.output
    entries = {entry["name"]: entry for entry in json.loads(result.output)["templates"]}
    assert entries["summary.md.j2"]["origin"] == "plan"
    assert entries["summary.md.j2"]["overrides_default"] is True
    assert entries["final.html.j2"]["origin"] == "default"
    text = runner.invoke(app, ["templates", "list"]).output
    assert "summary.md.j2" in text
    assert "(overrides the default)" in text


def test_templates_copy_starts_a_custom_template(status_plan_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["templates", "copy", "summary.md.j2"])
    assert result.exit_code == 0, result.output
    copied = status_plan_dir.parent / "templates" / "summary.md.j2"
    assert copied.is_file()
    again = runner.invoke(app, ["templates", "copy", "summary.md.j2"])
    one_error_line(again, 2, "exists; edit it, remove it, or pass --force")
    kinds = runner.invoke(app, ["templates", "copy", "final", str(tmp_path / "mine")])
    assert kinds.exit_code == 0, kinds.output
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == [
        "final.html.j2",
        "final.md.j2",
    ]
    unknown = runner.invoke(app, ["templates", "copy", "sumary.md.j2"])
    one_error_line(unknown, 1, "no default template 'sumary.md.j2'; did you mean 'summary.md.j2'")


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    one_error_line(runner.invoke(app, ["demo", str(tmp_path)]), 2, "is not an empty folder")


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["report", "final", "-f", "json", "-o", "x.json"], "x.json"),
        (["report", "final", "-f", "md", "-o", "x.MD"], "x.MD"),
        (["report", "final", "-f", "html", "-o", "x.htm"], "x.htm"),
        (["report", "final", "-o", "x.markdown"], "x.markdown"),
    ],
)
def test_a_file_named_for_its_format_is_written(
    status_plan_dir: Path, arguments: list[str], name: str
) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert Path(name).stat().st_size > 0  # the current folder is tmp_path
