"""The JSON Schemas under schema/: generated from the model, never stale, and agreeing with
`commit validate` as judged by a third-party validator (check-jsonschema).

After changing the model, refresh the committed schemas with `commit schema -o schema/`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1, REPO, write_plan
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.jsonschema import schema_texts
from commit_cli.scaffold.blank import PLAN_SCHEMA_LINE, PPC_SCHEMA_LINE

SCHEMA_DIR = REPO / "schema"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
runner = CliRunner()


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schema_texts().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `commit schema -o schema/`"


def test_every_field_has_a_description_or_a_described_type() -> None:
    schema = json.loads(schema_texts()["ppc.schema.json"])
    milestone = schema["$defs"]["Milestone"]["properties"]
    assert "description" in milestone["window"]
    assert "description" in schema["properties"]["label"]


def test_schema_command_writes_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schema", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "decisions.schema.json",
        "i18n.schema.json",
        "plan.schema.json",
        "ppc.schema.json",
    ]
    assert (tmp_path / "out" / "ppc.schema.json").read_text() == schema_texts()["ppc.schema.json"]


def test_bundled_plan_files_name_their_schema() -> None:
    assert (REPO / "plan" / "plan.yaml").read_text(encoding="utf-8").startswith(PLAN_SCHEMA_LINE)
    for path in sorted((REPO / "plan" / "ppcs").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first + "\n" == PPC_SCHEMA_LINE, path


def check(schema: str, files: list[Path]) -> dict[str, list[str]]:
    """check-jsonschema's errors, by file."""
    if not CHECK_JSONSCHEMA.exists() and shutil.which("check-jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    command = str(CHECK_JSONSCHEMA) if CHECK_JSONSCHEMA.exists() else "check-jsonschema"
    completed = subprocess.run(
        [command, "--output-format", "json", "--schemafile", str(SCHEMA_DIR / schema)]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(completed.stdout)
    found: dict[str, list[str]] = {}
    for error in report.get("errors", []) + report.get("parse_errors", []):
        found.setdefault(Path(error["filename"]).name, []).append(error.get("message", ""))
    return found


def test_check_jsonschema_accepts_the_bundled_plan() -> None:
    assert check("plan.schema.json", [REPO / "plan" / "plan.yaml"]) == {}
    assert check("ppc.schema.json", sorted((REPO / "plan" / "ppcs").glob("*.yaml"))) == {}


MILESTONE = "  - id: ppc1-assessment\n"
BROKEN = {
    "misspelt-key": PPC_1.replace("    lead: uniap\n", "    lead: uniap\n    staus: done\n"),
    "unknown-status": PPC_1.replace("    lead: uniap\n", "    lead: uniap\n    status: finished\n"),
    "bad-id": PPC_1.replace("id: ppc-1\n", "id: PPC One\n"),
    "missing-kind": PPC_1.replace("    kind: assessment\n", ""),
    "window-a-list": PPC_1.replace("    window: 2005-H2\n", "    window: [2005, 2006]\n"),
    "negative-attendance": PPC_1.replace(
        "    lead: uniap\n", "    lead: uniap\n    attended: {total: -3}\n"
    ),
    "value-as-text": PPC_1.replace("    target: 1\n", "    target: one\n"),
    "country-lowercase": PPC_1.replace("countries: [KH, TH]", "countries: [kh, TH]"),
    "milestones-a-mapping": PPC_1.split("milestones:")[0] + "milestones: {a: 1}\n",
}


def test_check_jsonschema_and_commit_validate_reject_the_same_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for name, text in BROKEN.items():
        assert text != PPC_1, name
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    rejected = check("ppc.schema.json", sorted(folder.glob("*.yaml")))
    assert sorted(rejected) == sorted(f"{name}.yaml" for name in BROKEN)
    monkeypatch.chdir(tmp_path)
    for name, text in BROKEN.items():
        plan_dir = write_plan(tmp_path / name, ppcs={"ppc-01": text})
        result = runner.invoke(app, ["validate", "--plan", str(plan_dir)])
        assert result.exit_code == 1, (name, result.output)
