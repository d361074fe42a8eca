"""The plan lock, as the editing commands take it. It lives in `commit_cli.locking`, below
every stage, because `commit fmt` (in `plan/`, which may not import `edit/`) takes it too."""

from __future__ import annotations

from commit_cli.locking import (
    DEFAULT_LOCK_TIMEOUT,
    LOCK_TIMEOUT_ENV_VAR,
    lock_timeout,
    plan_lock,
)

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LOCK_TIMEOUT_ENV_VAR", "lock_timeout", "plan_lock"]
