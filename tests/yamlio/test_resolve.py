"""What a plain scalar becomes in a plan file: dates and country codes stay text."""

from __future__ import annotations

import pytest

from commit_cli.yamlio.reader import load_data, plain_value


def test_scalars_resolve_as_plan_authors_expect() -> None:
    data, issues = load_data(
        "a: 2006-03-01\nb: yes\nc: NO\nd: true\ne: 12\nf: 1.5\ng: ~\nh: ''\ni: '12'\nj: on\n"
    )
    assert issues == []
    assert data == {
        "a": "2006-03-01",  # dates stay text: the model parses them and reports bad ones
        "b": "yes",
        "c": "NO",  # a country code, not false
        "d": True,
        "e": 12,
        "f": 1.5,
        "g": None,
        "h": "",
        "i": "12",
        "j": "on",
    }


@pytest.mark.parametrize(
    "text", ["2006-03-01", "2006-H1", "yes", "NO", "true", "False", "12", "1.5", "~", "on", "-0.5"]
)
def test_a_plain_value_is_what_the_reader_builds(text: str) -> None:
    """The editing commands judge a value typed on the command line as the reader will."""
    assert plain_value(text) == load_data(f"k: {text}\n")[0]["k"]
