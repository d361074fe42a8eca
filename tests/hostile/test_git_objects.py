"""Git objects are capped before they are read: git's answer gives an object's size before
its body, so a blob over the plan-file limit is refused unread, a long commit is read only
as far as its headers and the start of its message, and memory stays low whatever the
history holds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import write_plan

from commit_cli.history.git import Repository
from commit_cli.history.objects import ObjectReader, ObjectTooLarge

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
MIB = 1024 * 1024
PEAK_LIMIT_KB = 200 * 1024  # far below the 200 MiB blob, far above what a run needs


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        input=stdin,
        env={**CLEAN, **IDENTITY},
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


def store(root: Path, kind: str, size: int, body: bytes = b"", claim: int | None = None) -> str:
    """A loose object of `size` bytes (`body`, then zeros), written in chunks: a large blob
    costs a second or so, not its size in memory. With `claim`, the header says that size
    whatever the body: an object that only looks large (git reads its header alone)."""
    header = f"{kind} {claim if claim is not None else size}\0".encode()
    hasher, packer = hashlib.sha1(header), zlib.compressobj(1)
    chunks = [packer.compress(header)]
    chunk = bytes(MIB)
    remaining = size
    for part in (body, *([chunk] * ((size - len(body)) // MIB))):
        hasher.update(part)
        chunks.append(packer.compress(part))
        remaining -= len(part)
    tail = bytes(remaining)
    hasher.update(tail)
    chunks += [packer.compress(tail), packer.flush()]
    oid = hasher.hexdigest() if claim is None else hashlib.sha1(header + b"claim").hexdigest()
    path = root / ".git" / "objects" / oid[:2] / oid[2:]
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"".join(chunks))
    return oid


def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    write_plan(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add the plan")
    return root


def commit_blob(root: Path, oid: str, path: str = "plan/ppcs/ppc-03.yaml") -> None:
    """Commit `oid` at `path` without it ever being in the working tree."""
    git(root, "update-index", "--add", "--cacheinfo", f"100644,{oid},{path}")
    git(root, "commit", "-qm", "A very large PPC file")
    git(root, "rm", "-q", "--cached", path)
    git(root, "commit", "-qm", "Take it out again")


def peak_run(cwd: Path, *args: str) -> tuple[int, str, int]:
    """Run `commit args` in a child of a child; its exit code, output, and the peak memory
    (KiB) of it and every process it waited for (git's too)."""
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'commit_cli', *sys.argv[1:]],"
        " capture_output=True, text=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stdout + done.stderr, end='')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    first, _, output = done.stdout.partition("\n")
    returncode, peak = (int(word) for word in first.split())
    return returncode, output, peak


COMMANDS = [  # (command, exit code, whether it names the file it could not read)
    pytest.param(["validate", "--rev", "HEAD~1"], 1, True, id="validate-rev"),
    pytest.param(["changes"], 0, True, id="changes"),
    pytest.param(["diff", "HEAD~2", "HEAD~1"], 1, True, id="diff"),
    pytest.param(["log", "ppc-1"], 0, False, id="log"),
]
TOO_LARGE = "not read: it is larger than 16 MiB"


@pytest.fixture(scope="module")
def large_blob(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200 MiB PPC file in history (zeros: small on disk, large when read)."""
    root = repository(tmp_path_factory.mktemp("large-blob"))
    commit_blob(root, store(root, "blob", 200 * MIB))
    return root


@pytest.mark.slow
@pytest.mark.parametrize(("command", "code", "named"), COMMANDS)
def test_a_large_blob_in_history_is_refused_unread(
    large_blob: Path, command: list[str], code: int, named: bool
) -> None:
    returncode, output, peak = peak_run(large_blob, *command)
    assert returncode == code, output
    assert "Traceback" not in output
    assert (TOO_LARGE in output) is named, output
    assert peak < PEAK_LIMIT_KB, f"peak {peak // 1024} MiB"


@pytest.mark.parametrize(("command", "code", "named"), COMMANDS[:2])
def test_a_blob_that_says_it_is_1_gib_is_refused_from_its_header(
    tmp_path: Path, command: list[str], code: int, named: bool
) -> None:
    root = repository(tmp_path)
    commit_blob(root, store(root, "blob", 100, b"id: ppc-3\n", claim=1024 * MIB))
    returncode, output, peak = peak_run(root, *command)
    assert returncode == code, output
    assert f"ppc-03.yaml:1:1: error: {TOO_LARGE}" in output
    assert peak < PEAK_LIMIT_KB


def test_a_commit_with_a_huge_message_is_read_to_its_first_mebibyte(tmp_path: Path) -> None:
    root = repository(tmp_path)
    ppc = root / "plan" / "ppcs" / "ppc-01.yaml"
    ppc.write_text(ppc.read_text().replace("    lead: uniap", "    lead: uniap\n    notes: y"))
    git(root, "add", "-A")
    tree = git(root, "write-tree")
    parent = git(root, "rev-parse", "HEAD")
    head = (
        f"tree {tree}\nparent {parent}\n"
        "author Malee Somchai <malee@example.org> 1150000000 +0700\n"
        "committer Malee Somchai <malee@example.org> 1150000000 +0700\n\n"
        "A very long message (#9)\n\n"
    ).encode()
    oid = store(root, "commit", 17 * MIB, head)
    git(root, "update-ref", "HEAD", oid)
    for command in (["validate", "--rev", oid], ["log", "ppc1-assessment"]):
        returncode, output, peak = peak_run(root, *command)
        assert returncode == 0, output
        assert peak < PEAK_LIMIT_KB
    returncode, output, peak = peak_run(root, "changes", "--format", "json")
    assert returncode == 0
    assert peak < PEAK_LIMIT_KB
    assert '"subject": "A very long message (#9)"' in output
    assert '"pr": 9' in output


def test_a_tree_over_the_limit_is_one_line(tmp_path: Path) -> None:
    root = repository(tmp_path)
    ppcs, plan, top = (git(root, "rev-parse", f"HEAD:{p}") for p in ("plan/ppcs", "plan", ""))
    huge = store(root, "tree", 10, claim=1024 * MIB)

    def raw(oid: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(root), "cat-file", "tree", oid], capture_output=True, check=True
        ).stdout

    def write(data: bytes) -> str:
        return git(root, "hash-object", "-t", "tree", "-w", "--literally", "--stdin", stdin=data)

    new_plan = write(raw(plan).replace(bytes.fromhex(ppcs), bytes.fromhex(huge)))
    new_top = write(raw(top).replace(bytes.fromhex(plan), bytes.fromhex(new_plan)))
    commit = git(root, "commit-tree", new_top, "-m", "A huge tree")
    returncode, output, peak = peak_run(root, "validate", "--rev", commit)
    assert returncode == 2, output
    assert output.count("\n") == 1
    assert "Traceback" not in output
    assert "is 1,073,741,824 bytes, over the 16 MiB" in output
    assert peak < PEAK_LIMIT_KB


def test_the_reader_goes_on_after_an_object_it_refused(tmp_path: Path) -> None:
    root = repository(tmp_path)
    small = git(root, "rev-parse", "HEAD:plan/plan.yaml")
    large = store(root, "blob", 3 * MIB)
    commit = git(root, "rev-parse", "HEAD")
    with Repository.of(root) as repo:
        reader: ObjectReader = repo.objects
        with pytest.raises(ObjectTooLarge):
            reader.get(large, limit=MIB)
        found = reader.get(small)
        assert found is not None
        assert found.data.startswith(b"id: test-plan")
        many = reader.get_many([small, large, "nothing", commit, large], limit=MIB, truncate=True)
        assert [(o.oid, o.truncated, len(o.data)) if o else None for o in many] == [
            (small, False, len(found.data)),
            (large, True, MIB),
            None,
            (commit, False, len(many[3].data) if many[3] else 0),
            (large, True, MIB),
        ]
        # Unread: an object over the limit comes back empty, with its size, and the others
        # are read in full (the history walk's blobs, asked for several at a time).
        unread = reader.get_many([large, small, large, "nothing"], limit=MIB, unread=True)
        assert [(o.oid, o.truncated, len(o.data), o.size) if o else None for o in unread] == [
            (large, True, 0, 3 * MIB),
            (small, False, len(found.data), None),
            (large, True, 0, 3 * MIB),
            None,
        ]


def test_an_object_that_never_comes_stops_the_reader_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO where a loose object should be: git would wait for it for ever."""
    from commit_cli.errors import EnvironmentFailure
    from commit_cli.history import objects

    root = repository(tmp_path)
    oid = git(root, "rev-parse", "HEAD:plan/plan.yaml")
    path = root / ".git" / "objects" / oid[:2] / oid[2:]
    path.unlink()
    os.mkfifo(path)
    monkeypatch.setattr(objects, "ANSWER_SECONDS", 1.0)
    with Repository.of(root) as repo:
        with pytest.raises(EnvironmentFailure) as caught:
            repo.objects.get(oid)
        assert "cat-file gave no answer in 1 s" in caught.value.message
        assert repo.objects.get(git(root, "rev-parse", "HEAD")) is not None  # a new process
