"""Jinja's filters and globals that make text or lists of a size a template chooses, each with
that size checked against the limits before it is made (see `sandbox`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2.utils import generate_lorem_ipsum, pass_environment, pass_eval_context
from markupsafe import Markup

from commit_cli.reports.limits import (
    TemplateLimit,
    check_items,
    check_percent,
    check_printed,
    check_text_size,
    check_width,
    measure,
)

MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1_000


def center(value: Any, width: int = 80) -> str:
    check_width(width, "|center's width")
    return jinja_filters.do_center(value, width)


def indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    check_width(width, "|indent's width")
    text = str(s)
    pad = len(width) if isinstance(width, str) else int(width)
    check_text_size(len(text) + (text.count("\n") + 1) * pad, "|indent")
    return jinja_filters.do_indent(text, width, first, blank)


@pass_environment
def wordwrap(
    environment: Any,
    s: Any,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    check_width(width, "|wordwrap's width")
    if wrapstring is not None:
        check_width(wrapstring, "|wordwrap's line end")
        text = str(s)
        check_text_size(len(text) * (len(wrapstring) + 1), "|wordwrap")
    return jinja_filters.do_wordwrap(
        environment, s, width, break_long_words, wrapstring, break_on_hyphens
    )


def percent_format(value: Any, *args: Any, **kwargs: Any) -> str:
    """`|format`: Python's `%` formatting, bounded."""
    if args and kwargs:
        raise TemplateLimit("|format takes positional or keyword arguments, not both")
    arguments: Any = kwargs or args
    text = str(value)
    check_percent(text, arguments)
    return str(text % arguments)


@pass_eval_context
def join(eval_ctx: Any, value: Any, d: str = "", attribute: str | int | None = None) -> str:
    if attribute is not None:
        value = map(jinja_filters.make_attrgetter(eval_ctx.environment, attribute), value)
    items = list(value)
    check_items(len(items), "|join")
    size = len(str(d)) * len(items)
    for item in items:
        size += check_printed(item, "|join")
        check_text_size(size, "|join")
    return jinja_filters.sync_do_join(eval_ctx, items, d)


@pass_eval_context
def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old_text, new_text = str(s), str(old), str(new)
    found = text.count(old_text) if old_text else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    check_text_size(len(text) + found * max(0, len(new_text) - len(old_text)), "|replace")
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


def batch(value: Any, linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    check_items(linecount, "|batch")
    return jinja_filters.do_batch(value, linecount, fill_with)


def slice_into(value: Any, slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    check_items(slices, "|slice")
    return jinja_filters.sync_do_slice(value, slices, fill_with)


@pass_eval_context
def tojson(eval_ctx: Any, value: Any, indent: int | str | None = None) -> Markup:
    step = 0
    if indent is not None:
        check_width(indent, "|tojson's indent")
        step = max(len(indent) if isinstance(indent, str) else int(indent), 0)
    check_text_size(measure(value, indent=step), "|tojson")
    return jinja_filters.do_tojson(eval_ctx, value, indent)  # type: ignore[arg-type]


def pprint(value: Any) -> str:
    check_text_size(measure(value, indent=4), "|pprint")
    return jinja_filters.do_pprint(value)


def as_list(value: Any) -> list[Any]:
    if hasattr(value, "__len__"):
        check_items(len(value), "|list")
    return jinja_filters.sync_do_list(value)


@pass_environment
def total(
    environment: Any, iterable: Any, attribute: str | int | None = None, start: Any = 0
) -> Any:
    items = list(iterable)
    check_items(len(items), "|sum")
    if isinstance(start, str | list | tuple):  # adding up texts or lists: their sizes
        getter = jinja_filters.make_attrgetter(environment, attribute) if attribute else None
        size = len(start)
        for item in items:
            part = getter(item) if getter else item
            size += len(part) if hasattr(part, "__len__") else 1
            check_items(size, "|sum")
    return jinja_filters.sync_do_sum(environment, items, attribute, start)


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS or min > MAX_LIPSUM_WORDS:
        raise TemplateLimit(
            f"lipsum() makes at most {MAX_LIPSUM_PARAGRAPHS} paragraphs of {MAX_LIPSUM_WORDS} words"
        )
    return generate_lorem_ipsum(n, html, min, max)


BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "center": center,
    "indent": indent,
    "wordwrap": wordwrap,
    "format": percent_format,
    "join": join,
    "replace": replace,
    "batch": batch,
    "slice": slice_into,
    "tojson": tojson,
    "pprint": pprint,
    "list": as_list,
    "sum": total,
}

# Filters that make no text of their value (so it is not measured first, however large).
NOT_PRINTING_FILTERS = frozenset(
    {"length", "count", "first", "last", "list", "map", "select", "reject", "selectattr"}
    | {"rejectattr", "sort", "dictsort", "unique", "groupby", "batch", "slice", "sum", "min"}
    | {"max", "random", "reverse", "attr", "default", "d", "items", "abs", "int", "float"}
    | {"round", "filesizeformat", "join", "tojson", "pprint", "fraction", "number", "plural"}
    # a report's rows (`rows`): text made in Python from one entry of the context, its size
    # checked once made, like every filter's
    | {"annex_row", "next_row", "slip_row", "done_row", "under_way_item", "overdue_item"}
    | {"postponed_item", "cancelled_item", "gantt_row", "gantt_bars", "milestone_row"}
    # and their lists: each block of rows checked once made
    | {"annex_rows", "next_rows", "slip_rows", "done_rows", "under_way_items", "overdue_items"}
    | {"postponed_items", "cancelled_items", "gantt_rows", "milestone_rows", "indicator_row"}
    | {"indicator_rows"}
)
