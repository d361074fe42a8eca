"""Re-reading a new version of a plan file only where it differs from an old one.

A history of the plan holds hundreds of versions of each file, each a small edit of the one
before. Building plain data from YAML costs ≈ 2–3 ms per PPC file, so reading every version
whole dominates `commit changes`; reading only the changed part costs a fraction of that.

A plan file is a mapping whose keys start at column 0; a key's value runs to the next such
line (lines at column 0 that start `- ` are items of the key's list). Lists of mappings
under a key (`milestones:`) are split further, at their items' `- ` lines, and line up with
the old data only when each old item starts `- id: X` for the id its data holds. Parts whose
text is unchanged keep the old version's data; changed parts are read alone. Anything
unusual — a line at column 0 that is neither a key, a list item, a comment nor blank, a key
seen twice, anchors or aliases, tabs, a part that does not read cleanly on its own, or parts
that do not line up with the old data — gives None, and the caller reads the whole file,
which also places any problem exactly. So the result is always what reading the whole text
would give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from commit_cli.yamlio.reader import YamlSyntaxError, load_data

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]|\r?\n|$)")
_TOP_LINE = re.compile(r"^(?=[^ \r\n#-]|-[^ \r\n])", re.MULTILINE)  # not `- ` (list items)
# The same lines found by their line break: searching for a character is faster than
# trying every position of the text for the start of a line.
_TOP_LINE_BREAK = re.compile(r"\n(?=[^ \r\n#-]|-[^ \r\n])")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]")
_NEUTRAL = re.compile(r"(?:[ ]*(?:#[^\n]*)?\r?\n)*[ ]*(?:#[^\n]*)?")
_ITEM_ID = re.compile(r"[ ]*- id: *([^\s#]+) *(?:#[^\n]*)?\r?\n")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A version of a file that was read: its text and the plain data it holds. `plain`
    says the text holds no anchors or aliases (only then are its parts reused). `parts`,
    when known, is the text split as `splice` splits it (each top-level key's text), and
    `items` the split of some of them into list items: a version spliced from the one
    before keeps its split, so the next version's splice does not split this text again."""

    text: str
    data: dict[str, Any]
    plain: bool = True
    parts: dict[str, str] | None = None
    items: dict[str, list[str] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, data: dict[str, Any]) -> Parsed:
        return cls(text, data, _is_plain(text))


def _is_plain(text: str) -> bool:
    """Whether `text` holds no anchor or alias (most texts hold no `&` or `*` at all: the
    pattern is searched for only in those that do)."""
    if "&" not in text and "*" not in text:
        return True
    return _ANCHOR_OR_ALIAS.search(text) is None


def _entries(text: str) -> dict[str, str] | None:
    """Each top-level key's text, from its line to the next key's (comments and blank
    lines before the first key are ignored, as the reader ignores them); None when the
    text is not that simple."""
    starts = [0] if _TOP_LINE.match(text) else []
    starts += [match.start() + 1 for match in _TOP_LINE_BREAK.finditer(text)]
    if not starts or _NEUTRAL.fullmatch(text, 0, starts[0]) is None:
        return None
    entries: dict[str, str] = {}
    for index, start in enumerate(starts):
        match = _KEY.match(text, start)
        if match is None or match.group(1) in entries:
            return None
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        entries[match.group(1)] = text[start:end]
    return entries


def _items(text: str) -> list[str] | None:
    """A key's value split into the items of a block list (`- ` lines at one indent), each
    with its lines; None when the value is not plainly such a list."""
    first_break = text.find("\n")
    if first_break < 0 or not text[:first_break].split("#", 1)[0].rstrip().endswith(":"):
        return None
    body = first_break + 1
    match = re.compile(r"^([ ]*)- ", re.MULTILINE).search(text, body)
    if match is None or _NEUTRAL.fullmatch(text, body, match.start()) is None:
        return None
    item_break = re.compile(rf"\n{match.group(1)}- ")  # the next lines that start an item
    starts = [match.start()]
    starts += [found.start() + 1 for found in item_break.finditer(text, match.start())]
    ends = [*starts[1:], len(text)]
    return [text[start:end] for start, end in zip(starts, ends, strict=True)]


def _read_alone(text: str) -> Any:
    """A part of the file read on its own; raises ValueError when it does not read cleanly
    or could refer to another part."""
    if not _is_plain(text):
        raise ValueError("anchors or aliases")
    try:
        data, issues = load_data(text)
    except YamlSyntaxError:
        raise ValueError("unreadable part") from None
    if issues:
        raise ValueError("a part with problems")
    return data


def _read_items(items: list[str]) -> Iterator[Any]:
    """The data of the list items `items` (each `- ` and its lines, at one indent), read
    together as one list: one reading, not one per item (each ends its last line, so that
    together they are the same lines)."""
    if not items:
        return iter(())
    if any(not item.endswith("\n") for item in items):
        raise ValueError("an item without its line end")
    read = _read_alone("".join(items))
    if not isinstance(read, list) or len(read) != len(items):
        raise ValueError("items that are not one list item each")
    return iter(read)


def _same_ids(items: list[str], old: list[Any]) -> bool:
    """Whether each old item's text starts `- id: X` for the id its data holds, so the
    split lines up with the data the whole text gave."""
    if len(items) != len(old):
        return False
    for text, value in zip(items, old, strict=True):
        found = _ITEM_ID.match(text)
        if found is None or not isinstance(value, dict) or str(value.get("id")) != found.group(1):
            return False
    return True


def _value(
    key: str,
    previous: Parsed,
    old_text: str | None,
    new_text: str,
    split: dict[str, list[str] | None],
) -> Any:
    """The data of the part `new_text` (the value of `key`), reusing `previous` where the
    texts are the same; each list split is noted in `split`, for the next version."""
    old = previous.data.get(key)
    if old_text == new_text:
        if key in previous.items:
            split[key] = previous.items[key]
        return old
    if old_text is None:
        old_items = None
    elif key in previous.items:
        old_items = previous.items[key]
    else:
        old_items = _items(old_text)
    new_items = split[key] = _items(new_text)
    if (
        old_items is not None
        and isinstance(old, list)
        and new_items is not None
        and _same_ids(old_items, old)
    ):
        known = dict(zip(old_items, old, strict=True))
        changed = [item for item in new_items if item not in known]
        read = _read_items(changed)
        return [known[item] if item in known else next(read) for item in new_items]
    read = _read_alone(new_text)
    if not isinstance(read, dict) or list(read) != [key]:
        raise ValueError("a part that is not its one key")
    return read[key]


def splice(previous: Parsed, text: str) -> dict[str, Any] | None:
    """The data of `text`, reusing `previous` for every part whose text is unchanged; None
    when the whole text must be read instead."""
    found = splice_parsed(previous, text)
    return found.data if found is not None else None


def splice_parsed(previous: Parsed, text: str) -> Parsed | None:
    """`text` as read (`splice`), with its split kept for the next version; None when the
    whole text must be read instead."""
    if not previous.plain or "\t" in text:
        return None
    new = _entries(text)
    old = previous.parts if previous.parts is not None else _entries(previous.text)
    if not new or old is None or list(old) != list(previous.data):
        return None
    data: dict[str, Any] = {}
    split: dict[str, list[str] | None] = {}
    try:
        for key, part in new.items():
            data[key] = _value(key, previous, old.get(key), part, split)
    except ValueError:
        return None
    return Parsed(text, data, True, new, split)
