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

`limits` holds the limits and their checks, `bounded_filters` the filters and globals that
check a size before they make it, `watchdog` the deadline; this module, the environment that
checks and counts everything else a template makes.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from commit_cli.reports.bounded_filters import BOUNDED_FILTERS, NOT_PRINTING_FILTERS, lipsum
from commit_cli.reports.limits import (
    MAX_DIGITS,
    MAX_MADE,
    MAX_PRODUCT,
    TemplateLimit,
    TemplateTimeout,
    bits,
    check_format_spec,
    check_items,
    check_percent,
    check_printed,
    check_text_size,
    check_width,
    is_int,
    measure,
    size_of,
)

# What `getattr` finds on a plain dict (its methods and Python's own attributes): any other
# name a template reads of a dict (`d.title`) can only be one of its keys.
_DICT_ATTRIBUTES = frozenset(dir({}))

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

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute`, as the sandbox reads it. A report's context is plain dicts, and
        the sandbox reads `d.title` by asking the dict for an attribute `title` first, which
        costs an exception each time (half the time of rendering a 10k summary): for a name
        a dict has no attribute of, its key is read straight away. The answer is the same
        (for a name a dict does have, `d.items`, the sandbox's own way)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

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
        if type(value) is Markup or type(value) is str:  # most: a macro's or filter's text
            check_text_size(len(value), "this")
            self.count(len(value))
            return value
        size = size_of(value)
        if isinstance(value, str):
            check_text_size(size, "this")
        elif isinstance(value, list | tuple | dict | set | frozenset):
            check_items(size, "this")
            if type(value) is list and value and type(value[0]) is Markup:  # blocks of rows
                for text in value:
                    if isinstance(text, str):
                        check_text_size(len(text), "this")
                        size += len(text)
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
            too_long = is_int(left) and is_int(right) and bits(left) + bits(right)
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
        owner = getattr(__obj, "__self__", None)  # asked once: a macro has none
        if isinstance(owner, str):  # a str method: the ones that pad, repeat or split
            name = getattr(__obj, "__name__", "")
            if name in _WIDTH_METHODS:
                for value in (*args, *kwargs.values()):
                    check_width(value, f".{name}()'s width")
                if name == "expandtabs":
                    tab = args[0] if args else kwargs.get("tabsize", 8)
                    check_text_size(len(owner) + owner.count("\t") * int(tab), ".expandtabs()")
            if name in ("replace", "join"):
                __self._check_method(owner, name, args, kwargs)
            if name in _SPLIT_METHODS:
                check_items(len(owner) // 2 + 1, f".{name}()")
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
