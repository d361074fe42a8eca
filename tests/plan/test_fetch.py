"""A plan file's bytes from its source (`plan.fetch`): a file named by a content id is not
read until its bytes are needed, and a file the source refuses is a located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from commit_cli.plan.fetch import Fetched, fetch, fetch_bytes
from commit_cli.plan.manifest import content_id
from commit_cli.plan.sources import FolderSource, PlanFiles


class BlobSource:
    """Files with content ids (as git blobs have), counting the reads."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.data = files
        self.reads: list[str] = []

    def files(self) -> PlanFiles:
        return PlanFiles("plan.yaml", sorted(set(self.data) - {"plan.yaml"}))

    def read(self, name: str) -> bytes:
        self.reads.append(name)
        return self.data[name]

    def content_id(self, name: str) -> str | None:
        return f"blob-{len(self.data[name])}"


def test_a_content_id_stands_for_the_bytes_until_they_are_needed() -> None:
    source = BlobSource({"plan.yaml": b"id: x\n"})
    named = fetch(source, "plan.yaml", by_id=True)
    assert named == Fetched("plan.yaml", None, "blob-6")
    assert source.reads == []
    read = fetch_bytes(source, named)
    assert read == Fetched("plan.yaml", b"id: x\n", "blob-6")
    assert fetch_bytes(source, read) is read
    assert source.reads == ["plan.yaml"]


def test_without_by_id_the_bytes_are_read() -> None:
    source = BlobSource({"plan.yaml": b"id: x\n"})
    assert fetch(source, "plan.yaml").raw == b"id: x\n"
    assert source.reads == ["plan.yaml"]


def test_a_file_on_disk_is_read_and_named_by_its_bytes(plan_dir: Path) -> None:
    source = FolderSource(plan_dir)
    name = source.files().header
    fetched = fetch(source, name, by_id=True)  # no manifest knows it: it is read
    raw = (plan_dir / "plan.yaml").read_bytes()
    assert fetched.raw == raw
    assert fetched.content_id == content_id(raw)
    assert fetch(source, name).content_id is None  # only asked for when keying the cache


def test_a_refused_file_is_a_located_problem(plan_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    link = plan_dir / "ppcs" / "ppc-03.yaml"
    link.symlink_to(outside)
    source = FolderSource(plan_dir)
    name = next(name for name in source.files().ppcs if name.endswith("ppc-03.yaml"))
    fetched = fetch(source, name)
    assert fetched.raw is None
    assert fetched.refused is not None
    assert (fetched.refused.file, fetched.refused.code) == (name, "refused-file")
    assert (fetched.refused.line, fetched.refused.column) == (1, 1)
    assert fetch_bytes(source, fetched) is fetched


def test_what_was_fetched_cannot_be_changed() -> None:
    with pytest.raises(AttributeError):
        Fetched("plan.yaml", b"").raw = b"x"  # type: ignore[misc]
