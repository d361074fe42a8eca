"""The checks of a template's limits, each with a value it refuses and one it lets by."""

from __future__ import annotations

from typing import Any

import pytest

from commit_cli.reports.limits import (
    MAX_ITEMS,
    MAX_TEXT,
    MAX_WIDTH,
    SECONDS_ENV_VAR,
    TemplateLimit,
    check_format_spec,
    check_items,
    check_percent,
    check_printed,
    check_width,
    measure,
    render_seconds,
)


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        (MAX_WIDTH, False),
        (MAX_WIDTH + 1, True),
        (-(MAX_WIDTH + 1), True),
        (" " * (MAX_WIDTH + 1), True),  # a text used as padding counts by its length
        (True, False),
        ("x", False),
    ],
)
def test_a_width(value: Any, refused: bool) -> None:
    if refused:
        with pytest.raises(TemplateLimit, match="wider than a report allows"):
            check_width(value, "this width")
    else:
        check_width(value, "this width")


@pytest.mark.parametrize(
    ("template", "arguments", "refused"),
    [
        ("%5s|%-8.3f", ("a", 1.0), False),
        ("%*s", (MAX_WIDTH + 1, "a"), True),
        ("%.900000000f", 1.0, True),
        ("%s%s", ("x" * (MAX_TEXT // 2), "y" * (MAX_TEXT // 2 + 1)), True),
        ("%(a)s %%", {"a": "x"}, False),
    ],
)
def test_percent_formatting(template: str, arguments: Any, refused: bool) -> None:
    if refused:
        with pytest.raises(TemplateLimit):
            check_percent(template, arguments)
    else:
        check_percent(template, arguments)


@pytest.mark.parametrize(
    ("spec", "refused"),
    [(">20", False), (".3f", False), (">900000000", True), (".900000000f", True)],
)
def test_a_format_spec(spec: str, refused: bool) -> None:
    if refused:
        with pytest.raises(TemplateLimit):
            check_format_spec(spec)
    else:
        check_format_spec(spec)


def test_measure_counts_what_a_value_prints_without_printing_it() -> None:
    value = {"a": [1, "bc", None]}
    assert len(str(value)) <= measure(value) <= 4 * len(str(value))
    assert measure(10**3000) >= 3000  # digits, without making the text
    nested: list[Any] = []
    for _ in range(10):
        nested = [nested, nested]  # 2**10 lists, shared: printed whole, each is counted
    assert measure(nested) > 2**10


def test_what_prints_past_the_text_limit_is_refused_before_it_is_printed() -> None:
    assert check_printed("x" * 10, "this") == 10
    with pytest.raises(TemplateLimit, match="more than a report allows"):
        check_printed(["x" * (MAX_TEXT // 2)] * 3, "this")


def test_items() -> None:
    check_items(MAX_ITEMS, "|list")
    check_items("not a count", "|list")
    with pytest.raises(TemplateLimit, match=r"\|list would make"):
        check_items(MAX_ITEMS + 1, "|list")


@pytest.mark.parametrize(
    ("setting", "seconds"), [(None, 60.0), ("2.5", 2.5), ("0", 0.1), ("soon", 60.0)]
)
def test_the_watchdog_time(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, seconds: float
) -> None:
    if setting is None:
        monkeypatch.delenv(SECONDS_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(SECONDS_ENV_VAR, setting)
    assert render_seconds() == seconds
