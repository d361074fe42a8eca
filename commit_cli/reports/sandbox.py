"""Jinja's sandbox, with every resource a template can use bounded.

Templates arrive in pull requests, so besides reaching no Python internals (Jinja's
`ImmutableSandboxedEnvironment`: no dunders, and no `append` or `update` to grow a list or
a mapping in place) a template may not hang or exhaust memory:

- **Widths.** Every width, padding, indent or precision a template asks for is at most
  `MAX_WIDTH`: `'%900000000s' % x`, `'{:>900000000}'.format(x)`, `|center`, `|indent`,
  `|wordwrap`, `|tojson(indent=…)`, `.ljust`, `.rjust`, `.zfill`, `.expandtabs`; so are
  `lipsum`'s sizes, `|batch` and `|slice` counts.
- **Sizes.** No value a template makes (by `*`, `**`, `+`, `%`, `~`, a filter or a method)
  holds more than `MAX_TEXT` characters or `MAX_ITEMS` items, checked before it is made when
  its size can be known first (a repetition, a width, a join, a replacement), else as soon as
  it is made; numbers stay below `MAX_DIGITS` digits.
- **Work.** Everything a template makes and prints counts towards `MAX_MADE` characters, so
  text built up in a loop, a macro or a `{% set %}` block is bounded too; the report itself
  is at most `MAX_OUTPUT` characters (see `render`).
- **Time.** A render runs under a watchdog (`deadline`): past `COMMIT_TEMPLATE_SECONDS`
  seconds (60 by default) it stops, with one line naming the template.

Each limit is far above what a report needs (a plan of 10,000 milestones renders about 2 MB)
and breaking one is a `TemplateLimit`, shown as one line naming the template's file and line.
"""

from __future__ import annotations

import functools
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum, pass_environment, pass_eval_context
from markupsafe import EscapeFormatter, Markup

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
MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1_000


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


def _size(value: Any) -> int:
    """What a value counts for: its length, if it has one; a number's digits."""
    if isinstance(value, str | list | tuple | dict | set | frozenset | bytes):
        return len(value)
    if _is_int(value):
        return _bits(value) // 3
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
        elif _is_int(item):
            total += _bits(item) // 3 + 2
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


# --- bounded filters and globals ----------------------------------------------------------


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


def check_items(count: Any, what: str) -> None:
    if isinstance(count, int) and count > MAX_ITEMS:
        raise TemplateLimit(f"{what} would make {count:,} items, more than a report allows")


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
)

# str methods that pad or repeat, by the argument that says how much; and that split.
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_SPLIT_METHODS = {"split", "rsplit", "splitlines"}


# --- the environment ----------------------------------------------------------------------


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with each `~` concatenation's size checked before it is
    made."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        # Jinja writes `join((a, b, ))`; here it becomes `environment.joined(join, (a, b, ))`.
        self.write("environment.joined(")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join)")
        elif frame.eval_ctx.autoescape:
            self.write("markup_join")
        else:
            self.write("str_join")
        self.write(", (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class ReportSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with every resource bounded (see the module docs). One instance renders
    one report: it counts what that render makes."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made_so_far = 0
        self.deadline: float | None = None
        self.timed_out = False
        self.globals["lipsum"] = lipsum
        self.filters.update(BOUNDED_FILTERS)

    def bound_filters(self) -> None:
        """Every filter's result is checked and counted (call once the filters are in)."""
        for name, function in list(self.filters.items()):
            self.filters[name] = self._counted(name, function)

    def _counted(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        value_at = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        prints = name not in NOT_PRINTING_FILTERS

        @functools.wraps(function)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if prints and len(args) > value_at:  # it makes text of its value: not too much
                check_printed(args[value_at], f"|{name}")
            return self.made(function(*args, **kwargs))

        return counted

    def made(self, value: Any) -> Any:
        """`value`, made by the template: checked against the size limits and counted."""
        size = _size(value)
        if isinstance(value, str):
            check_text_size(size, "this")
        elif isinstance(value, list | tuple | dict | set | frozenset):
            check_items(size, "this")
        elif isinstance(value, int) and size > MAX_DIGITS:
            raise TemplateLimit(f"a number of more than {MAX_DIGITS:,} digits")
        self.count(size)
        return value

    def count(self, size: int) -> None:
        """Count `size` towards MAX_MADE; also where the watchdog cannot interrupt, check
        the time."""
        self.made_so_far += size
        if self.made_so_far > MAX_MADE:
            raise TemplateLimit(
                f"the template made more than {MAX_MADE:,} characters in all; a report needs"
                " far less"
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.timed_out = True
            raise TemplateTimeout

    def printed(self, value: Any) -> Any:
        """What `{{ value }}` prints, checked before it is printed and counted (the output
        of macros and blocks too)."""
        self.count(len(value) if isinstance(value, str) else check_printed(value, "printing"))
        return value

    def joined(self, join: Callable[[Sequence[Any]], str], parts: Sequence[Any]) -> str:
        """A `~` concatenation, its size checked before it is made."""
        size = 0
        for part in parts:
            size += check_printed(part, "this `~`")
            check_text_size(size, "this `~`")
        done: str = self.made(join(parts))
        return done

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if _magnitude(left) > MAX_PRODUCT or _magnitude(right) > 64:
                raise TemplateLimit(f"{left!r} ** {right!r} is too large for a report")
            return self.made(left**right)
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if repeated and len(sequence) * count > MAX_PRODUCT:
                    raise TemplateLimit("a text or list repeated past a million items")
            too_long = _is_int(left) and _is_int(right) and _bits(left) + _bits(right)
            if too_long and too_long > MAX_DIGITS * 3:
                raise TemplateLimit(f"a number of more than {MAX_DIGITS:,} digits")
            return self.made(left * right)
        if operator == "+":
            if isinstance(left, str) and isinstance(right, str):
                check_text_size(len(left) + len(right), "this `+`")
            elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
                check_items(len(left) + len(right), "this `+`")
            return self.made(left + right)
        if isinstance(left, str):  # "%": text formatting
            check_percent(left, right)
        return self.made(left % right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str) and name in _WIDTH_METHODS:
            for value in (*args, *kwargs.values()):
                check_width(value, f".{name}()'s width")
            if name == "expandtabs":
                text = __obj.__self__
                tab = args[0] if args else kwargs.get("tabsize", 8)
                check_text_size(len(text) + text.count("\t") * int(tab), ".expandtabs()")
        if isinstance(getattr(__obj, "__self__", None), str) and name in ("replace", "join"):
            __self._check_method(__obj.__self__, name, args, kwargs)
        if isinstance(getattr(__obj, "__self__", None), str) and name in _SPLIT_METHODS:
            check_items(len(__obj.__self__) // 2 + 1, f".{name}()")
        return __self.made(super().call(__context, __obj, *args, **kwargs))

    def _check_method(
        self, text: str, name: str, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> None:
        if name == "replace" and len(args) >= 2:
            old, new = str(args[0]), str(args[1])
            found = text.count(old) if old else len(text) + 1
            check_text_size(len(text) + found * max(0, len(new) - len(old)), ".replace()")
        elif name == "join" and args:
            items = args[0]
            if isinstance(items, list | tuple):
                size = len(text) * len(items)
                for item in items:
                    size += check_printed(item, ".join()")
                    check_text_size(size, ".join()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `format_map`, with widths and the size of what they make
        bounded (the sandbox's own wrapper, with a bounded formatter)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        formatter: BoundedFormatter = (
            BoundedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else BoundedFormatter(self)
        )
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs = args[0]
                args = ()
            done: str = self.made(type(text)(formatter.vformat(text, args, kwargs)))
            return done

        return functools.update_wrapper(bounded, value)


class BoundedFormatter(SandboxedFormatter):
    """The sandbox's formatter (fields read through the sandbox), with each field's spec
    and the size of what it makes bounded."""

    def __init__(self, env: ReportSandbox, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._made = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_spec(format_spec)
        check_text_size(self._made + measure(value), "this formatting")
        done = super().format_field(value, format_spec)
        self._made += len(done)
        check_text_size(self._made, "this formatting")
        return done


class BoundedEscapeFormatter(BoundedFormatter, EscapeFormatter):
    pass


def _magnitude(value: Any) -> float:
    return abs(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bits(value: int) -> int:
    return int(value.bit_length())


# --- the watchdog -------------------------------------------------------------------------


@contextmanager
def deadline(env: ReportSandbox, seconds: float) -> Iterator[None]:
    """Stop what runs inside (raising TemplateTimeout) once `seconds` have passed. In the
    main thread an interval timer interrupts even a loop that calls nothing; elsewhere the
    sandbox checks the time whenever the template makes or prints something."""
    env.deadline = time.monotonic() + seconds
    use_signal = threading.current_thread() is threading.main_thread() and hasattr(
        signal, "setitimer"
    )
    if not use_signal:
        try:
            yield
        finally:
            env.deadline = None
        return
    active = True

    def stop(signum: int, frame: Any) -> None:
        if active:
            env.timed_out = True
            raise TemplateTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)  # and again, should it be caught
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        env.deadline = None
