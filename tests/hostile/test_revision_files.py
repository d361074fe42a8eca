"""`--rev` reads what a checkout would read: every entry a checkout would show is read or
reported, at the same place, never passed over in silence; a shallow clone is refused.

Each row builds a plan on disk, commits it as it stands, and compares `validate --rev HEAD`
with `validate` on the checkout: the same files flagged (with the same severity), the same
summary, and the message the row expects."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PPC_2, write_plan
from hostile_helpers import Run, plan_unchanged, run_commit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CLEAN = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
IDENTITY = {
    "GIT_AUTHOR_NAME": "Sok Chan",
    "GIT_AUTHOR_EMAIL": "sok@example.org",
    "GIT_COMMITTER_NAME": "Sok Chan",
    "GIT_COMMITTER_EMAIL": "sok@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], env={**CLEAN, **IDENTITY}, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8", "surrogateescape").strip()


def link(path: Path, target: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def submodule(root: Path, relative: str) -> None:
    """A submodule entry (a commit id in the tree), and the empty folder a checkout has."""
    (root / relative).unlink(missing_ok=True)
    (root / relative).mkdir()
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{relative}")


def non_utf8_names(root: Path) -> None:
    """Two PPC files whose names are not UTF-8 (and would decode to one name as text)."""
    ppcs = os.fsencode(root / "plan" / "ppcs")
    source = (root / "plan" / "ppcs" / "ppc-02.yaml").read_bytes()
    (root / "plan" / "ppcs" / "ppc-02.yaml").unlink()
    for byte in (b"\xff", b"\xfe"):
        with open(ppcs + b"/ppc-" + byte + b".yaml", "wb") as stream:
            stream.write(source)


def shared_ppc(root: Path) -> None:
    (root / "plan" / "shared").mkdir()
    (root / "plan" / "shared" / "ppc-2.yaml").write_text(PPC_2)
    link(root / "plan" / "ppcs" / "ppc-02.yaml", "../shared/ppc-2.yaml")


def through_a_linked_folder(root: Path) -> None:
    (root / "plan" / "real").mkdir()
    (root / "plan" / "real" / "ppc-2.yaml").write_text(PPC_2)
    link(root / "plan" / "alias", "real")
    link(root / "plan" / "ppcs" / "ppc-02.yaml", "../alias/ppc-2.yaml")


def linked_ppc_folder(target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        plan = root / "plan"
        shutil.move(plan / "ppcs", plan / "files")
        if target == "outside":
            shutil.move(plan / "files", root / "elsewhere")
            link(plan / "ppcs", "../elsewhere")
        else:
            link(plan / "ppcs", "files")

    return make


def ppc_folder_is(kind: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        shutil.rmtree(root / "plan" / "ppcs")
        if kind == "a file":
            (root / "plan" / "ppcs").write_text("not a folder\n")

    return make


def header_link(root: Path) -> None:
    (root / "plan" / "header").mkdir()
    shutil.move(root / "plan" / "plan.yaml", root / "plan" / "header" / "plan.yaml")
    link(root / "plan" / "plan.yaml", "header/plan.yaml")


PPC2 = "plan/ppcs/ppc-02.yaml"


def two_links_in_a_loop(root: Path) -> None:
    link(root / PPC2, "ppc-03.yaml")
    link(root / "plan" / "ppcs" / "ppc-03.yaml", "ppc-02.yaml")


def link_to_readme(root: Path) -> None:
    (root / "README.md").write_text("notes\n")
    link(root / PPC2, "../../README.md")


ROWS = [
    # (id, how the plan is changed before it is committed, the message expected, or "")
    ("link-inside-the-plan", shared_ppc, ""),
    ("link-through-a-linked-folder", through_a_linked_folder, ""),
    ("header-is-a-link-inside", header_link, ""),
    ("ppc-folder-is-a-link-inside", linked_ppc_folder("inside"), ""),
    ("link-to-a-repository-file", link_to_readme, "it is a link to a file outside the plan folder"),
    (
        "link-out-of-the-repository",
        lambda root: link(root / PPC2, "../../../../../../etc/passwd"),
        "it is a link to a file outside the plan folder",
    ),
    (
        "absolute-link",
        lambda root: link(root / PPC2, "/etc/passwd"),
        "it is a link to a file outside the plan folder",
    ),
    (
        "broken-link",
        lambda root: link(root / PPC2, "nowhere.yaml"),
        "it does not exist (a broken link?)",
    ),
    ("link-to-itself", lambda root: link(root / PPC2, "ppc-02.yaml"), "it is a link that loops"),
    (
        "two-links-in-a-loop",
        two_links_in_a_loop,
        "it is a link that loops",
    ),
    (
        "folder-named-like-a-ppc",
        lambda root: (
            (root / PPC2).unlink()
            or (root / PPC2).mkdir()
            or (root / PPC2 / "inside.yaml").write_text(PPC_2)
        ),
        "it is a folder",
    ),
    ("submodule", lambda root: submodule(root, PPC2), "it is a submodule"),
    ("names-that-are-not-utf-8", non_utf8_names, "its name is not UTF-8"),
    (
        "ppc-folder-is-a-link-outside",
        linked_ppc_folder("outside"),
        "the PPC folder is a link to a folder outside the plan folder",
    ),
    ("ppc-folder-missing", ppc_folder_is("missing"), "the PPC folder is missing"),
    ("ppc-folder-is-a-file", ppc_folder_is("a file"), "the PPC folder is a file, not a folder"),
    (
        "uppercase-and-backup-copies",
        lambda root: (
            shutil.copy(root / PPC2, root / "plan/ppcs/ppc-13.YAML")
            or shutil.copy(root / PPC2, root / "plan/ppcs/ppc-02.yaml~")
        ),
        "not read:",
    ),
]


def located(run: Run, prefix: str = "") -> list[tuple[str, str]]:
    """(file:line:column, severity) of each problem line, and the summary line."""
    found = []
    for line in run.stdout.splitlines():
        if ": error: " in line or ": warning: " in line:
            where, _, rest = line.partition(": ")
            found.append((where.removeprefix(prefix), rest.split(":")[0]))
        elif line.startswith(("valid:", "invalid:")):
            found.append((line, ""))
    return found


def committed(tmp_path: Path, change: Callable[[Path], object]) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    write_plan(root)
    git(root, "init", "-q", "-b", "main")
    change(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The plan")
    return root


@pytest.mark.parametrize(("change", "message"), [pytest.param(c, m, id=i) for i, c, m in ROWS])
def test_a_revision_reads_what_a_checkout_reads(
    tmp_path: Path, change: Callable[[Path], object], message: str
) -> None:
    root = committed(tmp_path, change)
    with plan_unchanged(root):
        checkout = run_commit("validate", cwd=root)
        revision = run_commit("validate", "--rev", "HEAD", cwd=root)
    assert "Traceback" not in checkout.output + revision.output
    assert revision.code == checkout.code, revision.output + checkout.output
    assert located(revision, "HEAD:") == located(checkout)
    if message:
        assert revision.code == 1 or "warning" in revision.stdout
        assert message in revision.stdout
    else:
        assert revision.code == 0, revision.output


def raw_tree(root: Path, oid: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), "cat-file", "tree", oid],
        env={**CLEAN, **IDENTITY},
        capture_output=True,
        check=True,
    ).stdout


def write_tree(root: Path, data: bytes) -> str:
    """A tree object of these bytes, written as they are (git would refuse to make it)."""
    path = root / ".git" / "raw-tree"
    path.write_bytes(data)
    return git(root, "hash-object", "-t", "tree", "-w", "--literally", str(path))


def doubled_entry(listing: bytes) -> bytes:
    """ppc-02.yaml listed twice: a checkout would write one of them."""
    return listing + listing[listing.index(b"100644 ppc-02.yaml\0") :]


def entry_with_a_slash(listing: bytes) -> bytes:
    """An entry named `x/ppc-13.yaml` (git fsck: fullPathname), which no checkout writes."""
    start = listing.index(b"100644 ppc-02.yaml\0")
    entry = listing[start : start + len(b"100644 ppc-02.yaml\0") + 20]
    return listing + entry.replace(b"ppc-02.yaml", b"x/ppc-13.yaml")


# Malformed trees (git makes none, but one can be pushed): each row changes the listing of
# plan/ppcs/, and names the located problem the revision must report.
MALFORMED_ROWS = [
    ("a-name-twice", doubled_entry, "ppc-02.yaml:1:1: error: not read: the commit lists two"),
    ("a-name-with-a-slash", entry_with_a_slash, "x/ppc-13.yaml:1:1: error: not read: the name"),
]


@pytest.mark.parametrize(
    ("change", "message"), [pytest.param(c, m, id=i) for i, c, m in MALFORMED_ROWS]
)
def test_a_malformed_tree_is_located_not_read(
    tmp_path: Path, change: Callable[[bytes], bytes], message: str
) -> None:
    root = committed(tmp_path, lambda root: None)
    ppcs, plan, top = (git(root, "rev-parse", f"HEAD:{p}") for p in ("plan/ppcs", "plan", ""))
    changed = write_tree(root, change(raw_tree(root, ppcs)))
    new_plan = write_tree(
        root, raw_tree(root, plan).replace(bytes.fromhex(ppcs), bytes.fromhex(changed))
    )
    new_top = write_tree(
        root, raw_tree(root, top).replace(bytes.fromhex(plan), bytes.fromhex(new_plan))
    )
    commit = git(root, "commit-tree", new_top, "-m", "A malformed tree")
    run = run_commit("validate", "--rev", commit, cwd=root)
    assert run.code == 1
    assert "Traceback" not in run.output
    assert f"{commit}:plan/ppcs/{message}" in run.stdout, run.output
    assert "duplicate id" not in run.stdout


HISTORY_ROWS = [
    ("link-out-of-the-plan", lambda root: link(root / PPC2, "/etc/passwd"), "outside the plan"),
    ("submodule", lambda root: submodule(root, PPC2), "it is a submodule"),
    (
        "folder",
        lambda root: (
            (root / PPC2).unlink() or (root / PPC2).mkdir() or (root / PPC2 / "x").write_text("x\n")
        ),
        "it is a folder",
    ),
    ("not-utf-8", non_utf8_names, "its name is not UTF-8"),
]


@pytest.mark.parametrize(
    ("change", "message"), [pytest.param(c, m, id=i) for i, c, m in HISTORY_ROWS]
)
def test_the_history_reports_what_it_cannot_read_and_goes_on(
    tmp_path: Path, change: Callable[[Path], object], message: str
) -> None:
    root = committed(tmp_path, lambda root: None)
    change(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Something that is not a plan file")
    run = run_commit("changes", cwd=root)
    assert run.code == 0, run.output
    assert "Traceback" not in run.output, run.output
    short = git(root, "rev-parse", "--short=7", "HEAD")
    assert any(
        line.strip().startswith(f"{short}:plan/ppcs/") and message in line
        for line in run.stdout.splitlines()
    ), run.stdout


def test_a_change_to_the_file_a_link_leads_to_is_a_change_of_the_link(tmp_path: Path) -> None:
    root = committed(tmp_path, shared_ppc)
    shared = root / "plan" / "shared" / "ppc-2.yaml"
    shared.write_text(PPC_2.replace("title: Bilateral workshop", "title: Bilateral meeting"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Rename the workshop")
    for since in ([], ["--since", "HEAD~1"]):
        run = run_commit("changes", *since, "--format", "json", cwd=root)
        assert run.code == 0, run.output
        assert '"new": "Bilateral meeting"' in run.stdout, run.stdout


def shallow_clone(tmp_path: Path) -> Path:
    root = committed(tmp_path, lambda root: None)
    (root / PPC2).write_text(PPC_2.replace("target: 1", "target: 2"))
    git(root, "commit", "-qam", "Raise the target")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        env={**CLEAN, **IDENTITY},
        check=True,
    )
    return clone


@pytest.mark.parametrize(
    "command",
    [["changes"], ["log", "ppc2-workshop"], ["show", "ppc2-workshop", "--provenance"]],
)
def test_a_shallow_clone_is_refused_by_every_history_command(
    tmp_path: Path, command: list[str]
) -> None:
    run = run_commit(*command, cwd=shallow_clone(tmp_path))
    assert run.code == 2, run.output
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1
    assert "shallow clone" in run.stderr
    assert "fetch-depth: 0" in run.stderr


@pytest.mark.parametrize("since", [[], ["--since", "HEAD~1"]])
def test_a_change_through_a_linked_ppc_folder_is_a_change_of_the_plan(
    tmp_path: Path, since: list[str]
) -> None:
    root = committed(tmp_path, linked_ppc_folder("inside"))
    ppc = root / "plan" / "files" / "ppc-02.yaml"
    ppc.write_text(PPC_2.replace("title: Bilateral workshop", "title: Bilateral meeting"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Rename the workshop")
    run = run_commit("changes", *since, "--format", "json", cwd=root)
    assert run.code == 0, run.output
    assert '"new": "Bilateral meeting"' in run.stdout, run.stdout


def test_a_ppc_folder_that_becomes_a_link_changes_nothing_when_it_holds_the_same(
    tmp_path: Path,
) -> None:
    root = committed(tmp_path, lambda root: None)
    linked_ppc_folder("inside")(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Keep the PPC files in files/")
    run = run_commit("changes", "--since", "HEAD~1", "--format", "json", cwd=root)
    assert run.code == 0, run.output
    assert '"changes": []' in run.stdout, run.stdout
    assert '"unreadable": []' in run.stdout, run.stdout
