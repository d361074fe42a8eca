"""Run a GitHub workflow job's shell steps here, in order, as the runner would: each `run:`
with bash (`bash -e`, GitHub's default shell), the workflow's, the job's and the step's
`env:` with their expressions filled in from a context the test gives, `$GITHUB_ENV` carried
from step to step, `$GITHUB_STEP_SUMMARY` written to a file, and a step's `if:` decided as
the runner decides it. `uses:` steps (checkout, setup-python, upload-artifact) are the
runner's own and are passed over.

Only the expressions and conditions the workflow uses today are understood: an unknown one
fails the test, so that a change to the workflow comes with a way to run it here."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
# A step's `if:` → whether it runs, given whether every step before it passed and the env.
CONDITIONS: dict[str, Callable[[bool, Mapping[str, str]], bool]] = {
    "success() || failure()": lambda passed, env: True,
    "(success() || failure()) && env.COMMIT_BASE != ''": (
        lambda passed, env: env.get("COMMIT_BASE", "") != ""
    ),
}


@dataclass
class StepRun:
    name: str
    code: int | None  # None: skipped, as its `if:` said
    stdout: str = ""
    stderr: str = ""


@dataclass
class JobRun:
    steps: list[StepRun] = field(default_factory=list)
    summary: str = ""

    def step(self, name: str) -> StepRun:
        found = [step for step in self.steps if step.name.startswith(name)]
        assert len(found) == 1, (name, [step.name for step in self.steps])
        return found[0]

    @property
    def passed(self) -> bool:
        return all(step.code == 0 for step in self.steps)


def fill(text: str, context: Mapping[str, str]) -> str:
    """`text` with each `${{ name }}` replaced by its value in `context`."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        assert name in context, f"the test does not know the expression ${{{{ {name} }}}}"
        return context[name]

    return EXPRESSION.sub(value, text)


def filled_env(env: Mapping[str, Any] | None, context: Mapping[str, str]) -> dict[str, str]:
    return {key: fill(str(value), context) for key, value in (env or {}).items()}


def run_job(
    workflow_file: Path,
    job: str,
    cwd: Path,
    context: Mapping[str, str],
    path: str,
    only: tuple[str, ...] = (),
) -> JobRun:
    """Run `job`'s shell steps (or only those whose names start with one of `only`) in
    `cwd`, with `path` as PATH, the expressions filled from `context`."""
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    scratch = cwd.parent / f"{cwd.name}-runner"
    scratch.mkdir(exist_ok=True)
    github_env = scratch / "github_env"
    summary = scratch / "step_summary"
    github_env.write_text("")
    summary.write_text("")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "GIT_DIR", "GIT_WORK_TREE", "COMMIT_PLAN"))
    }
    env.update(PATH=path, GITHUB_ENV=str(github_env), GITHUB_STEP_SUMMARY=str(summary))
    env.update(filled_env(workflow.get("env"), context))
    env.update(filled_env(workflow["jobs"][job].get("env"), context))
    result = JobRun()
    for number, step in enumerate(workflow["jobs"][job]["steps"]):
        if "run" not in step:
            continue
        name = step.get("name", f"step {number}")
        if only and not name.startswith(only):
            continue
        passed = all(done.code in (0, None) for done in result.steps)
        condition = step.get("if")
        if condition is None:
            runs = passed
        else:
            assert condition in CONDITIONS, f"the test does not know the condition {condition!r}"
            runs = CONDITIONS[condition](passed, env)
        if not runs:
            result.steps.append(StepRun(name, None))
            continue
        step_env = {**env, **filled_env(step.get("env"), context)}
        script = scratch / f"step-{number}.sh"
        script.write_text(fill(step["run"], context), encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", str(script)],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        result.steps.append(StepRun(name, done.returncode, done.stdout, done.stderr))
        for line in github_env.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        github_env.write_text("")
    result.summary = summary.read_text(encoding="utf-8")
    return result
