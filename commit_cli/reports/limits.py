"""The limits a report's template runs within (see `sandbox`), and the checks that say
whether a width, a text or a list a template asks for stays within them: each breach is a
`TemplateLimit`."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from typing import Any

from jinja2.exceptions import SecurityError

MAX_OUTPUT = 64 * 1024 * 1024  # characters: far above any real report (10k milestones: 2 MB)
MAX_PRODUCT = 1_000_000  # the longest text or list `*` may make, and the largest `**` base
MAX_TEXT = 16 * 1024 * 1024  # characters in any one text a template makes
MAX_ITEMS = 1_000_000  # items in any one list, tuple or mapping a template makes
MAX_WIDTH = 10_000  # any width, padding, indent or precision
MAX_DIGITS = 4_000  # digits of any number a template makes
MAX_MADE = 4 * MAX_OUTPUT  # characters and items made and printed by one render, in all
SECONDS_ENV_VAR = "COMMIT_TEMPLATE_SECONDS"
DEFAULT_SECONDS = 60.0
MAX_SECONDS = 86_400.0


class TemplateLimit(SecurityError):
    """A template asked for more than a report may use (a width, a size, the work)."""


class TemplateTimeout(BaseException):
    """The watchdog stopped a render that ran past its time. Not an Exception, so that
    nothing on the way (Jinja's error handling, a filter) catches it and carries on."""


def render_seconds() -> float:
    """The watchdog's time: `COMMIT_TEMPLATE_SECONDS`, else 60 (at least 0.1, at most a
    day; a value that is no finite number, `inf` or `nan`, is the default: the timer could
    not be set to it)."""
    try:
        seconds = float(os.environ.get(SECONDS_ENV_VAR, DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    if not math.isfinite(seconds):
        return DEFAULT_SECONDS
    return min(MAX_SECONDS, max(0.1, seconds))


# --- the checks ---------------------------------------------------------------------------


def check_width(value: Any, what: str) -> None:
    """TemplateLimit when `value`, a width (a number, or a text used as padding), is over
    MAX_WIDTH."""
    size = len(value) if isinstance(value, str) else value
    if isinstance(size, int | float) and not isinstance(size, bool) and abs(size) > MAX_WIDTH:
        raise TemplateLimit(f"{what} {size!r} is wider than a report allows ({MAX_WIDTH:,})")


def check_text_size(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise TemplateLimit(
            f"{what} would make a text of {size:,} characters, more than a report allows"
            f" ({MAX_TEXT:,})"
        )


def size_of(value: Any) -> int:
    """What a value counts for: its length, if it has one; a number's digits."""
    if isinstance(value, str | list | tuple | dict | set | frozenset | bytes):
        return len(value)
    if is_int(value):
        return bits(value) // 3
    return 1


_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
    r"[hlL]?(?P<kind>[a-zA-Z%])"
)
_FORMAT_SPEC = re.compile(
    r"^(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>\d+)?[,_]?(?:\.(?P<precision>\d+))?"
)


def check_percent(template: str, arguments: Any) -> None:
    """TemplateLimit before `template % arguments` when a width or precision is over
    MAX_WIDTH, or when what it makes could pass MAX_TEXT."""
    values = list(arguments) if isinstance(arguments, tuple) else [arguments]
    star = 0
    widest = 0
    count = 0
    for match in _PERCENT.finditer(template):
        if match["kind"] == "%":
            continue
        count += 1
        for part in ("width", "precision"):
            written = match[part]
            if written == "*":
                given = values[star] if star < len(values) else 0
                star += 1
                check_width(given, "a `%` width" if part == "width" else "a `%` precision")
                widest = max(widest, abs(given) if isinstance(given, int) else 0)
            elif written:
                check_width(int(written), f"the `%` {part}")
                widest = max(widest, int(written))
    given = arguments.values() if isinstance(arguments, Mapping) else values
    longest = max((check_printed(value, "this `%` formatting") for value in given), default=0)
    check_text_size(len(template) + count * (widest + longest), "this `%` formatting")


def measure(value: Any, limit: int = MAX_TEXT, indent: int = 0) -> int:
    """About how many characters `value` prints as (`str()`, or `|tojson` and `|pprint`
    with `indent` per level of nesting), without printing it; counting stops past `limit`."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        total += indent * depth
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            for key, inner in item.items():
                stack.append((key, depth + 1))
                stack.append((inner, depth + 1))
        elif is_int(item):
            total += bits(item) // 3 + 2
        elif isinstance(item, float | bool) or item is None:
            total += 24
        else:
            try:
                total += len(str(item))
            except Exception:  # an undefined name, say: it is reported where it is used
                total += 32
    return total


def check_printed(value: Any, what: str) -> int:
    """The size `value` prints as; TemplateLimit, before it is printed, past MAX_TEXT."""
    size = measure(value)
    check_text_size(size, what)
    return size


def check_format_spec(spec: str) -> None:
    """TemplateLimit when a `str.format` spec (`>900000000`, `.900000000f`) is too wide."""
    found = _FORMAT_SPEC.match(spec)
    if found:
        for part in ("width", "precision"):
            if found[part]:
                check_width(int(found[part]), f"the format {part}")


def check_items(count: Any, what: str) -> None:
    if isinstance(count, int) and count > MAX_ITEMS:
        raise TemplateLimit(f"{what} would make {count:,} items, more than a report allows")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def bits(value: int) -> int:
    return int(value.bit_length())
