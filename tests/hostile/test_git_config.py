"""Git runs only what we ask it to: no configuration (the repository's, the user's, the
system's) and no `GIT_*` variable makes a command of ours run a program, read or write
another repository, or change what git's plumbing tells us.

Every program a hostile configuration names is a script that appends its name to a marker
file: the marker must never be written. Output must be byte for byte what the same command
prints in a clean clone of the same history."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import write_plan
from hostile_helpers import Run, run_commit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

IDENTITY = {
    "GIT_AUTHOR_NAME": "Sok Chan",
    "GIT_AUTHOR_EMAIL": "sok@example.org",
    "GIT_COMMITTER_NAME": "Sok Chan",
    "GIT_COMMITTER_EMAIL": "sok@example.org",
}
HOOKS = (
    "pre-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-auto-gc",
    "reference-transaction",
    "post-index-change",
    "post-checkout",
    "fsmonitor-watchman",
)
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    environment = {
        **CLEAN,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        **IDENTITY,
        **(env or {}),
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=environment, capture_output=True, check=True
    )
    return done.stdout.decode().strip()


class Markers:
    """Scripts that write their name into one file when run, and that file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "ran"

    def script(self, name: str, then: str = "exit 1") -> str:
        path = self.folder / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.file}"\n{then}\n')
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
        return str(path)

    def hooks(self) -> str:
        folder = self.folder / "hooks"
        folder.mkdir(exist_ok=True)
        for hook in HOOKS:
            (folder / hook).write_text(f'#!/bin/sh\necho "hook {hook}" >> "{self.file}"\n')
            (folder / hook).chmod(0o755)
        return str(folder)

    def ran(self) -> str:
        return self.file.read_text() if self.file.exists() else ""


def signed_commit(root: Path) -> None:
    """A commit carrying a (fake) OpenPGP signature: what makes `log.showSignature` call
    `gpg.program`."""
    tree = git(root, "rev-parse", "HEAD^{tree}")
    parent = git(root, "rev-parse", "HEAD")
    body = (
        f"tree {tree}\nparent {parent}\n"
        "author Sok Chan <sok@example.org> 1150000000 +0700\n"
        "committer Sok Chan <sok@example.org> 1150000000 +0700\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"
        "\nA signed commit\n"
    )
    path = root / ".git" / "signed-commit"
    path.write_text(body)
    oid = git(root, "hash-object", "-t", "commit", "-w", str(path))
    git(root, "update-ref", "HEAD", oid)


def history(root: Path) -> None:
    """A plan with three commits of history, the last one signed, and a working-tree edit."""
    plan = write_plan(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add the plan", env={"GIT_COMMITTER_DATE": "1105000000 +0700"})
    ppc = plan / "ppcs" / "ppc-01.yaml"
    ppc.write_text(ppc.read_text().replace("    lead: uniap\n", "    lead: uniap\n    notes: x\n"))
    (root / ".gitattributes").write_text("* diff=evil filter=evil merge=evil\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Note (#3)", env={"GIT_COMMITTER_DATE": "1140000000 +0700"})
    signed_commit(root)
    ppc.write_text(ppc.read_text().replace("notes: x", "notes: y"))


def hostile_config(root: Path, markers: Markers) -> None:
    """Every setting we know of that makes git run a program or print something else."""
    settings = {
        "log.showSignature": "true",
        "gpg.program": markers.script("gpg"),
        "gpg.ssh.program": markers.script("gpg-ssh"),
        "gpg.x509.program": markers.script("gpg-x509"),
        "core.fsmonitor": markers.script("fsmonitor"),
        "core.hooksPath": markers.hooks(),
        "core.pager": markers.script("pager", then="cat"),
        "pager.log": markers.script("pager-log", then="cat"),
        "core.editor": markers.script("editor"),
        "core.sshCommand": markers.script("ssh"),
        "core.askPass": markers.script("askpass"),
        "core.alternateRefsCommand": markers.script("alternate-refs"),
        "credential.helper": "!" + markers.script("credential"),
        "diff.external": markers.script("external-diff"),
        "diff.evil.command": markers.script("diff-driver"),
        "diff.evil.textconv": markers.script("textconv", then='cat "$1"'),
        "filter.evil.clean": markers.script("clean", then="cat"),
        "filter.evil.smudge": markers.script("smudge", then="cat"),
        "filter.evil.process": markers.script("filter-process"),
        "merge.evil.driver": markers.script("merge-driver"),
        "color.ui": "always",
        "log.showRoot": "false",
        "log.decorate": "full",
        "diff.relative": "true",
        "core.abbrev": "4",
        "status.showUntrackedFiles": "all",
        # re-encodes what `log` prints: read as UTF-8, it was no commit at all
        "i18n.logOutputEncoding": "UTF-16",
    }
    # Replace refs and grafts rewrite history for whoever reads them.
    git(root, "replace", "--graft", "HEAD~1")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "grafts").write_text(git(root, "rev-parse", "HEAD") + "\n")
    for key, value in settings.items():
        git(root, "config", key, value)


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Markers]:
    """(hostile, clean, markers): one history, in a repository whose configuration tries
    everything, and in a clean clone of it (with the same working-tree edit)."""
    base = tmp_path_factory.mktemp("git-config")
    hostile, clean = base / "hostile", base / "clean"
    hostile.mkdir()
    history(hostile)
    subprocess.run(["git", "clone", "-q", str(hostile), str(clean)], env=CLEAN, check=True)
    shutil.copy(hostile / "plan" / "ppcs" / "ppc-01.yaml", clean / "plan" / "ppcs" / "ppc-01.yaml")
    markers = Markers(base / "markers")
    hostile_config(hostile, markers)
    return hostile, clean, markers


READ_COMMANDS = [
    pytest.param(["changes"], id="changes"),
    pytest.param(["changes", "--format", "json"], id="changes-json"),
    pytest.param(["log", "ppc1-seminar"], id="log"),
    pytest.param(["show", "ppc1-seminar", "--provenance"], id="show-provenance"),
    pytest.param(["diff", "HEAD~2"], id="diff-working-tree"),
    pytest.param(["diff", "HEAD~2", "HEAD", "--format", "json"], id="diff-revisions"),
    pytest.param(["status", "--rev", "HEAD~1", "--as-of", "2006-06-30"], id="status-rev"),
    pytest.param(["validate", "--rev", "HEAD"], id="validate-rev"),
    pytest.param(["report", "summary", "--period", "2006-H1", "--rev", "HEAD~1"], id="report-rev"),
]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_a_hostile_repository_configuration_runs_nothing_and_changes_nothing(
    repos: tuple[Path, Path, Markers], command: list[str]
) -> None:
    hostile, clean, markers = repos
    expected = run_commit(*command, cwd=clean)
    run = run_commit(*command, cwd=hostile)
    assert markers.ran() == ""
    assert "Traceback" not in run.output
    assert (run.code, run.stdout) == (expected.code, expected.stdout)
    assert expected.code in (0, 1), expected.output


def hostile_environment(base: Path, markers: Markers, victim: Path) -> dict[str, str]:
    """Variables that point git elsewhere, add configuration or name programs to run."""
    home = base / "home"
    (home / ".config" / "git").mkdir(parents=True, exist_ok=True)
    user_config = (
        "[log]\n\tshowSignature = true\n"
        f"[gpg]\n\tprogram = {markers.script('global-gpg')}\n"
        f"[core]\n\tfsmonitor = {markers.script('global-fsmonitor')}\n"
        f"\thooksPath = {markers.hooks()}\n"
        f"[init]\n\ttemplateDir = {base / 'template'}\n"
        f'[filter "lfs"]\n\tclean = {markers.script("global-clean", then="cat")}\n'
        f"\tprocess = {markers.script('global-process')}\n"
    )
    (home / ".gitconfig").write_text(user_config)
    (home / ".config" / "git" / "config").write_text(user_config)
    (home / ".config" / "git" / "attributes").write_text("* filter=lfs diff=lfs\n")
    template_hooks = base / "template" / "hooks"
    template_hooks.mkdir(parents=True, exist_ok=True)
    for hook in HOOKS:
        shutil.copy(Path(markers.hooks()) / hook, template_hooks / hook)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_DIR": str(victim / ".git"),
        "GIT_WORK_TREE": str(victim),
        "GIT_INDEX_FILE": str(base / "planted-index"),
        "GIT_OBJECT_DIRECTORY": str(victim / ".git" / "objects"),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_SYSTEM": str(home / ".gitconfig"),
        "GIT_CONFIG_PARAMETERS": f"'core.fsmonitor'='{markers.script('parameters')}'",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.hooksPath",
        "GIT_CONFIG_VALUE_0": markers.hooks(),
        "GIT_EXTERNAL_DIFF": markers.script("env-external-diff"),
        "GIT_PAGER": markers.script("env-pager", then="cat"),
        "GIT_EDITOR": markers.script("env-editor"),
        "GIT_SSH_COMMAND": markers.script("env-ssh"),
        "GIT_ASKPASS": markers.script("env-askpass"),
        "GIT_TRACE": str(base / "trace"),
        "GIT_TRACE2_EVENT": str(base / "trace2"),
        "GIT_TEMPLATE_DIR": str(base / "template"),
        **IDENTITY,
    }


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Another repository, which no command of ours may read or write."""
    folder = tmp_path / "victim"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    (folder / "README").write_text("someone else's\n")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "Someone else's work")
    return folder


def victim_state(victim: Path) -> tuple[str, str, int]:
    objects = sum(1 for p in (victim / ".git" / "objects").rglob("*") if p.is_file())
    return git(victim, "rev-parse", "HEAD"), git(victim, "status", "--porcelain"), objects


@pytest.mark.parametrize("command", READ_COMMANDS[:1] + READ_COMMANDS[3:5] + READ_COMMANDS[6:7])
def test_git_variables_and_the_users_configuration_change_nothing(
    repos: tuple[Path, Path, Markers], victim: Path, tmp_path: Path, command: list[str]
) -> None:
    _, clean, _ = repos
    markers = Markers(tmp_path / "markers")
    expected = run_commit(*command, cwd=clean)
    before = victim_state(victim)
    run = run_commit(*command, cwd=clean, env=hostile_environment(tmp_path, markers, victim))
    assert markers.ran() == ""
    assert (run.code, run.stdout) == (expected.code, expected.stdout), run.output
    assert victim_state(victim) == before
    assert not (tmp_path / "trace").exists()
    assert not (tmp_path / "trace2").exists()


def commits_of(folder: Path) -> list[str]:
    return git(folder, "log", "--format=%an|%s").splitlines()


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["init", "--blank", "new"], id="init"),
        pytest.param(["demo", "new"], id="demo", marks=pytest.mark.slow),
    ],
)
def test_a_new_repository_is_made_where_asked_and_nowhere_else(
    victim: Path, tmp_path: Path, command: list[str]
) -> None:
    markers = Markers(tmp_path / "markers")
    before = victim_state(victim)
    run = run_commit(*command, cwd=tmp_path, env=hostile_environment(tmp_path, markers, victim))
    assert run.code == 0, run.output
    assert markers.ran() == ""
    assert victim_state(victim) == before
    assert not (tmp_path / "planted-index").exists()
    assert not (tmp_path / "trace").exists()
    assert not (tmp_path / "trace2").exists()
    made = tmp_path / "new"
    assert commits_of(made)[-1].split("|")[0] in (
        IDENTITY["GIT_AUTHOR_NAME"],
        "COMMIT Secretariat (demo)",
    )
    assert git(made, "status", "--porcelain") == ""
    assert not (made / ".git" / "hooks").exists() or not any((made / ".git" / "hooks").iterdir())


def test_init_commits_as_the_user_says_in_their_own_configuration(tmp_path: Path) -> None:
    """The identity comes from the user's configuration (read, not obeyed), including a
    section that applies by where the repository is."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "work.inc").write_text("[user]\n\temail = sok@work.example.org\n")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Sok Chan\n\temail = sok@home.example.org\n"
        f'[includeIf "gitdir:{tmp_path}/"]\n\tpath = {home / "work.inc"}\n'
        "[init]\n\tdefaultBranch = trunk\n"
    )
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "none")}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    run = run_commit("init", "--blank", "new", cwd=tmp_path, env={**clean, **env})
    assert run.code == 0, run.output
    made = tmp_path / "new"
    assert git(made, "log", "--format=%an <%ae>") == "Sok Chan <sok@work.example.org>"
    assert git(made, "symbolic-ref", "--short", "HEAD") == "trunk"


def partial_clone(base: Path, markers: Markers) -> Path:
    """A repository that says it is a partial clone of a remote whose URL runs a program,
    with one blob of its history missing: reading that blob must not fetch it."""
    repo = base / "partial"
    repo.mkdir()
    history(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Another note")
    blob = git(repo, "rev-parse", "HEAD~3:plan/ppcs/ppc-01.yaml")
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    script = markers.script("remote", then="exit 1")
    for key, value in {
        "core.repositoryformatversion": "1",
        "extensions.partialClone": "origin",
        "remote.origin.url": f"ext::{script}",
        "remote.origin.promisor": "true",
        "remote.origin.uploadpack": script,
        "protocol.ext.allow": "always",
        "protocol.allow": "always",
    }.items():
        git(repo, "config", key, value)
    return repo


@pytest.mark.parametrize("command", [["changes"], ["validate", "--rev", "HEAD~3"]])
def test_a_missing_object_is_never_fetched(tmp_path: Path, command: list[str]) -> None:
    markers = Markers(tmp_path / "markers")
    repo = partial_clone(tmp_path, markers)
    run: Run = run_commit(*command, cwd=repo)
    assert markers.ran() == ""
    assert run.code == 2
    assert "Traceback" not in run.output
    assert "missing from the repository (this is a partial clone" in run.stderr
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("include", id="a-configuration-include-of-a-fifo"),
        pytest.param("HEAD", id="HEAD-is-a-fifo"),
    ],
)
def test_a_git_that_never_answers_is_stopped_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from commit_cli.errors import EnvironmentFailure
    from commit_cli.history import git as git_module

    root = tmp_path / "repo"
    root.mkdir()
    history(root)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    if where == "include":
        git(root, "config", "include.path", str(fifo))
    else:
        (root / ".git" / "HEAD").unlink()
        os.mkfifo(root / ".git" / "HEAD")
    monkeypatch.setattr(git_module, "PROBE_SECONDS", 1.0)
    with pytest.raises(EnvironmentFailure) as caught:
        git_module.Repository.of(root / "plan")
    assert "gave no answer in 1 s" in caught.value.message


@pytest.mark.parametrize("command", [["changes"], ["validate", "--rev", "HEAD"]])
def test_a_bare_repository_committed_in_the_plan_folder_is_not_used(
    tmp_path: Path, command: list[str]
) -> None:
    """`plan/HEAD`, `plan/objects/`, `plan/refs/` and a `plan/config` make the plan folder
    look like a bare repository of its own, whose configuration git would obey."""
    markers = Markers(tmp_path / "markers")
    root = tmp_path / "repo"
    root.mkdir()
    history(root)
    expected = run_commit(*command, cwd=root)
    plan = root / "plan"
    (plan / "HEAD").write_text("ref: refs/heads/main\n")
    for folder in ("objects", "refs"):
        (plan / folder).mkdir()
        (plan / folder / "README").write_text("part of a bare repository\n")
    (plan / "config").write_text(
        f"[core]\n\tbare = true\n\tfsmonitor = {markers.script('bare-fsmonitor')}\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A bare repository inside the plan")
    run = run_commit(*command, cwd=root)
    assert markers.ran() == ""
    assert run.code == expected.code, run.output
    assert "Traceback" not in run.output


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a repository to another user needs root")
@pytest.mark.parametrize("listed", [False, True])
def test_another_users_repository_is_read_only_when_the_user_lists_it(
    tmp_path: Path, listed: bool
) -> None:
    """git reads `safe.directory` only from the user's own configuration, which no command of
    ours otherwise reads: that one setting is passed on."""
    root = tmp_path / "theirs"
    root.mkdir()
    history(root)
    for path in (root, *root.rglob("*")):
        os.lchown(path, 12345, 12345)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(f"[safe]\n\tdirectory = {root}\n" if listed else "")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    run = run_commit("changes", cwd=root, env={**clean, "HOME": str(home)})
    assert "Traceback" not in run.output
    if listed:
        assert run.code == 0, run.output
    else:
        assert run.code == 2
        assert "dubious ownership" in run.stderr
        assert len(run.stderr.splitlines()) == 1
