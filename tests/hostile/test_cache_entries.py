"""The cache loads only what this user wrote: an entry planted by anyone else (another
user, a group-writable file, a link, a copy from elsewhere, an entry moved to another key) is
never unpickled, and is rewritten; the signing key is private or replaced.

Each planted entry is a pickle that, if it were ever loaded, would create a marker file."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import run_commit

from commit_cli.plan import cache as cache_module
from commit_cli.plan.cache import ENTRY_MAGIC, KEY_FILE, ResultCache
from commit_cli.plan.manifest import content_id

AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


class Planted:
    """What loading a planted entry would do: create `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def signed(secret: bytes, key: str, data: bytes) -> bytes:
    mac = hmac.new(secret, key.encode(), hashlib.sha256)
    mac.update(b"\0")
    mac.update(data)
    return ENTRY_MAGIC + mac.digest() + data


def header_key(cache: ResultCache, plan_dir: Path) -> str:
    identity = content_id((plan_dir / "plan.yaml").read_bytes())
    return cache.key("PlanHeader", b"content-id", identity.encode())


def replace_entry(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.unlink()
    path.write_bytes(data)
    path.chmod(mode)


Plant = Callable[[Path, str, bytes, bytes], None]  # (entry path, cache key, payload, secret)


def plant_unsigned(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    replace_entry(path, payload)


def plant_with_another_key(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    replace_entry(path, signed(os.urandom(32), key, payload))


def plant_for_another_entry(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    replace_entry(path, signed(secret, "another-key", payload))


def plant_writable_by(mode: int) -> Plant:
    def plant(path: Path, key: str, payload: bytes, secret: bytes) -> None:
        replace_entry(path, signed(secret, key, payload), mode)

    return plant


def plant_owned_by_another_user(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    replace_entry(path, signed(secret, key, payload))
    os.chown(path, 12345, 12345)


def plant_link(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    target = path.parent.parent.parent / "elsewhere"
    target.write_bytes(signed(secret, key, payload))
    target.chmod(0o600)
    path.unlink()
    path.symlink_to(target)


def plant_fifo(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    path.unlink()
    os.mkfifo(path, 0o600)


def plant_oversized(path: Path, key: str, payload: bytes, secret: bytes) -> None:
    replace_entry(path, signed(secret, key, payload))
    with path.open("r+b") as stream:
        stream.truncate(cache_module.MAX_ENTRY_BYTES + 1024)


ROWS = [
    pytest.param(plant_unsigned, id="unsigned"),
    pytest.param(plant_with_another_key, id="signed-with-another-key"),
    pytest.param(plant_for_another_entry, id="signed-for-another-entry"),
    pytest.param(plant_writable_by(0o620), id="group-writable"),
    pytest.param(plant_writable_by(0o602), id="world-writable"),
    pytest.param(plant_owned_by_another_user, id="owned-by-another-user", marks=AS_ROOT),
    pytest.param(plant_link, id="a-link"),
    pytest.param(plant_fifo, id="a-fifo"),
    pytest.param(plant_oversized, id="oversized"),
]


@pytest.mark.parametrize("plant", ROWS)
def test_a_planted_entry_is_never_loaded_and_is_rewritten(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path, plant: Plant
) -> None:
    assert run_commit("validate", cwd=tmp_path).code == 0
    cache = ResultCache(isolated_cache)
    key = header_key(cache, plan_dir)
    path = cache._path(key)
    assert cache.get(key) is not None  # the first run stored it
    secret = (isolated_cache / KEY_FILE).read_bytes()
    marker = tmp_path / "unpickled"
    plant(path, key, pickle.dumps(Planted(marker)), secret)
    run = run_commit("validate", cwd=tmp_path)
    assert not marker.exists()
    assert run.code == 0, run.output
    assert "Traceback" not in run.output, run.output
    data = ResultCache(isolated_cache).get(key)  # rewritten, and ours again
    assert data is not None
    assert pickle.loads(data)[1].id == "test-plan"
    info = path.lstat()
    assert stat.S_ISREG(info.st_mode)
    assert info.st_uid == os.getuid()


def key_readable_by_others(key: Path) -> None:
    key.chmod(0o644)


def key_owned_by_another_user(key: Path) -> None:
    os.chown(key, 12345, 12345)


def key_is_a_link(key: Path) -> None:
    target = key.parent.parent / "someone-elses-key"
    target.write_bytes(key.read_bytes())
    target.chmod(0o600)
    key.unlink()
    key.symlink_to(target)


def key_is_short(key: Path) -> None:
    key.write_bytes(b"short")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(key_readable_by_others, id="readable-by-others"),
        pytest.param(key_owned_by_another_user, id="owned-by-another-user", marks=AS_ROOT),
        pytest.param(key_is_a_link, id="a-link"),
        pytest.param(key_is_short, id="short"),
    ],
)
def test_a_signing_key_that_is_not_private_is_replaced(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path, spoil: Callable[[Path], None]
) -> None:
    """Whoever could read (or write) the old key could sign entries: a new key makes every
    entry signed with the old one worthless, so each is rebuilt."""
    assert run_commit("validate", cwd=tmp_path).code == 0
    key_file = isolated_cache / KEY_FILE
    old = key_file.read_bytes()
    cache = ResultCache(isolated_cache)
    key = header_key(cache, plan_dir)
    marker = tmp_path / "unpickled"
    cache.put(key, pickle.dumps(Planted(marker)))  # signed with the key about to leak
    spoil(key_file)
    run = run_commit("validate", cwd=tmp_path)
    assert run.code == 0, run.output
    assert "Traceback" not in run.output, run.output
    assert not marker.exists()
    info = key_file.lstat()
    assert stat.S_ISREG(info.st_mode)
    assert info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert key_file.read_bytes() != old
    assert len(key_file.read_bytes()) == 32


def test_a_key_made_by_another_process_at_the_same_moment_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commands using a new cache at once: the one that finds no key while the other is
    making it takes the other's key. Replacing it (as a key that is not private is) left the
    other process signing with a key no longer on disk, so every entry it wrote failed its
    signature afterwards and was parsed again."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    theirs = os.urandom(32)
    read = cache_module._read_own_file

    def read_then_the_other_process_links_its_key(
        path: Path, limit: int, hidden: bool
    ) -> bytes | None:
        found = read(path, limit, hidden)
        if found is None and not os.path.lexists(path):
            made = folder / ".theirs"
            made.write_bytes(theirs)
            made.chmod(0o600)
            os.link(made, path)
            made.unlink()
        return found

    monkeypatch.setattr(cache_module, "_read_own_file", read_then_the_other_process_links_its_key)
    assert cache_module.signing_key(folder) == theirs
    assert (folder / KEY_FILE).read_bytes() == theirs


def test_the_key_is_made_private_on_first_use(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path
) -> None:
    os.umask(old := os.umask(0))  # whatever the umask, the key is 0600
    try:
        assert run_commit("validate", cwd=tmp_path).code == 0
    finally:
        os.umask(old)
    info = (isolated_cache / KEY_FILE).stat()
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert info.st_size == 32
