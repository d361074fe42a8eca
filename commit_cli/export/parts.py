"""A file written in parts, so a site rebuilt after a small change makes again only the
parts that changed.

A part is a key and a way to make its bytes: a part keyed by a PPC's id (alone, or followed
by `\0` and what else sets its bytes, e.g. `\0last`) depends on that PPC alone (and on what
the whole file depends on: the plan's header, the day, the language); a part keyed None on
anything. The file is its parts' bytes, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Part = tuple[str | None, Callable[[], bytes]]


def joined(parts: Sequence[Part]) -> bytes:
    """The file: every part made, in order."""
    return b"".join(make() for _, make in parts)


def given(data: bytes) -> Callable[[], bytes]:
    """A part's maker for bytes already made."""
    return lambda: data


def ppc_of(key: str) -> str:
    """The PPC a part's key names."""
    return key.partition("\0")[0]
