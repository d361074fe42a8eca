"""Hints for messages: the closest of a set of names ("did you mean"), and articles."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest(word: str, choices: Sequence[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The `n` choices most like `word`, best first (none below `cutoff`)."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`; did you mean 'x'?` for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f"; did you mean '{close[0]}'?" if close else ""


def article(noun: str) -> str:
    """`noun` with its indefinite article: "an activity", "a PPC"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
