"""Hostile and unusual input: each case once gave a traceback, a wrong answer or quadratic time."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import HEADER, PPC_1, PPC_2
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.plan.cache import PACKAGE_DIR, ResultCache, validating_modules
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

runner = CliRunner()


def messages(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def with_values(values: str) -> str:
    return PPC_1.replace("    target: 1", f"    target: 1\n    values: {values}")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ('{"0000": 1}', "'0000' is out of range; years run from 1900 to 2999"),
        ("{9999-H2: 1}", "'9999-H2' is out of range"),
    ],
)
def test_out_of_range_years_are_located_problems(
    plan_dir: Path, values: str, expected: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(with_values(values), encoding="utf-8")
    assert any(expected in m for m in messages(plan_dir)), messages(plan_dir)


def test_out_of_range_plan_period_and_as_of(plan_dir: Path) -> None:
    result = runner.invoke(app, ["status", "--as-of", "9999-12-31"])
    assert result.exit_code == 2
    assert "out of range" in result.output
    assert "Traceback" not in result.output
    (plan_dir / "plan.yaml").write_text(
        HEADER.replace("end: 2007-12-31", "end: 9999-12-31"), encoding="utf-8"
    )
    assert any("years run from 1900 to 2999" in m for m in messages(plan_dir))


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_numbers_must_be_finite(plan_dir: Path, value: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    target: 1", f"    target: {value}"), encoding="utf-8"
    )
    assert any(":29:13: error: target must be a finite number" in m for m in messages(plan_dir))


@pytest.mark.parametrize("value", ["1159660800", "2006-10-01T00:00:00Z"])
def test_dates_are_written_as_dates(plan_dir: Path, value: str) -> None:
    text = PPC_1.replace(
        "    lead: uniap", f"    lead: uniap\n    status: done\n    actual: {{end: {value}}}"
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    assert any("write dates as YYYY-MM-DD" in m for m in messages(plan_dir)), messages(plan_dir)


def test_year_keys_work_for_an_annual_cadence(plan_dir: Path) -> None:
    (plan_dir / "plan.yaml").write_text(
        HEADER.replace("cadence_months: 6", "cadence_months: 12"), encoding="utf-8"
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(with_values("{2006: 1}"), encoding="utf-8")
    result = load_plan(FolderSource(plan_dir))
    assert result.problems == ()
    assert result.plan is not None
    assert result.plan.ppcs[0].indicators[0].values == {"2006": 1}


def test_a_multi_line_value_stays_on_one_line(plan_dir: Path) -> None:
    text = PPC_1.replace(
        "    kind: assessment",
        "    kind: |\n      seminar\n      ::error file=x.yaml,line=1::forged",
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert not any(line.startswith("::") for line in result.output.splitlines())
    assert "unknown kind 'seminar\\n::error" in result.output


def test_hidden_and_yml_files_in_ppcs(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / ".#ppc-01.yaml").symlink_to("/nonexistent/lock")
    (plan_dir / "ppcs" / ".ppc-01.yaml.swp.yaml").write_text(PPC_1, encoding="utf-8")
    (plan_dir / "ppcs" / "ppc-03.yml").write_text("id: ppc-3\n", encoding="utf-8")
    assert messages(plan_dir) == [
        "plan/ppcs/ppc-03.yml:1:1: warning: not read: PPC files end in .yaml;"
        " rename it to ppc-03.yaml"
    ]


def test_many_dangling_references_stay_fast_and_hint_only_the_first(plan_dir: Path) -> None:
    broken = "\n".join(
        f"  - id: extra-{i}\n    title: Extra\n    kind: meeting\n    phase: core\n"
        f"    window: 2006\n    depends_on: [ppc1-seminr-{i}]"
        for i in range(400)
    )
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        PPC_2.replace("indicators:", broken + "\nindicators:"), encoding="utf-8"
    )
    started = time.perf_counter()
    found = messages(plan_dir)
    assert time.perf_counter() - started < 5
    dangling = [m for m in found if "unknown milestone 'ppc1-seminr-" in m]
    assert len(dangling) == 100  # then one line sums up the rest
    assert sum("… and 300 more problems like this (unknown-reference)" in m for m in found) == 1
    assert 0 < sum("did you mean" in m for m in dangling) <= 20


def test_every_module_on_the_load_path_keys_the_cache(plan_dir: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from commit_cli.plan.load import load_plan\n"
        "from commit_cli.plan.sources import FolderSource\n"
        f"load_plan(FolderSource(Path({str(plan_dir)!r})))\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.startswith('commit_cli') and getattr(module, '__file__', None):\n"
        "        print(Path(module.__file__).resolve())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {Path(line) for line in done.stdout.splitlines()}
    keyed = {path.resolve() for path in validating_modules(PACKAGE_DIR)}
    assert loaded, loaded - keyed
    assert loaded <= keyed, loaded - keyed


def test_a_cache_folder_others_can_write_is_never_read(plan_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)
    cache = ResultCache(folder)
    raw = (plan_dir / "plan.yaml").read_bytes()
    marker = tmp_path / "pwned"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    key = cache.key("PlanHeader", raw)
    (folder / key[:2]).mkdir(mode=0o777)
    (folder / key[:2] / key).write_bytes(pickle.dumps(Planted()))
    result = load_plan(FolderSource(plan_dir), cache)
    assert result.plan is not None
    assert result.problems == ()
    assert not marker.exists()
    assert cache.get(key) is None
