"""Hints for messages: the closest of a set of names ("did you mean"), the plan's word for a
synonym people write (`finished` is `done`), and articles.

Closeness is difflib's similarity, case-insensitive, with two things people type weighed in:
the numbers in a name (`ppc-12` is PP 12, whose label is `PP 12`, before it is `ppc-2`) and
a name's beginning (`st` is the start of `status`). A choice may go by other names too (a
PPC's label, its file): the best of them counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

_DIGITS = re.compile(r"\d+")
NUMBER_MATCH = 1.0  # a name whose numbers are those typed ranks before any that are not
PREFIX_MATCH = 0.5  # a name that begins with what was typed


def numbers_in(text: str) -> list[int]:
    """The whole numbers written in `text`, in order (`ppc-01` → [1])."""
    return [int(digits) for digits in _DIGITS.findall(text)]


def closest(
    word: str,
    choices: Sequence[str],
    n: int = 1,
    cutoff: float = 0.6,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The `n` choices most like `word`, best first, ties in the order given (none scoring
    below `cutoff`); `aliases` gives other names a choice goes by."""
    folded = word.casefold()
    numbers = numbers_in(word)
    digits = [str(number) for number in numbers]
    matcher = SequenceMatcher()
    matcher.set_seq2(folded)

    def score(name: str) -> float:
        name_folded = name.casefold()
        bonus = 0.0
        if len(folded) >= 2 and name_folded != folded and name_folded.startswith(folded):
            bonus += PREFIX_MATCH
        if numbers and all(d in name for d in digits) and numbers_in(name) == numbers:
            bonus += NUMBER_MATCH
        matcher.set_seq1(name_folded)
        # the cheap upper bounds first, as difflib.get_close_matches does: hints over
        # thousands of ids must stay fast
        if not bonus and (matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff):
            return 0.0
        return matcher.ratio() + bonus

    scored: list[tuple[float, int, str]] = []
    for order, choice in enumerate(dict.fromkeys(choices)):
        names = (choice, *aliases.get(choice, ())) if aliases else (choice,)
        best = max(score(name) for name in names)
        if best >= cutoff:
            scored.append((-best, order, choice))
    scored.sort()
    return [choice for _, _, choice in scored[:n]]


def did_you_mean(
    word: str, choices: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> str:
    """`; did you mean 'x'?` for the closest choice, or an empty string."""
    close = closest(word, choices, aliases=aliases)
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(names: Sequence[str]) -> str:
    """`'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def article(noun: str) -> str:
    """`noun` with its indefinite article: "an activity", "a PPC"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


# Words people write for a value that the plan spells another way, by field: "finished"
# is done. Messages suggest these before any spelling-based guess.
SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "finished": "done",
        "complete": "done",
        "completed": "done",
        "held": "done",
        "closed": "done",
        "achieved": "done",
        "accomplished": "done",
        "ongoing": "in_progress",
        "on-going": "in_progress",
        "in progress": "in_progress",
        "in-progress": "in_progress",
        "started": "in_progress",
        "underway": "in_progress",
        "under way": "in_progress",
        "active": "in_progress",
        "delayed": "postponed",
        "deferred": "postponed",
        "rescheduled": "postponed",
        "canceled": "cancelled",
        "dropped": "cancelled",
        "abandoned": "cancelled",
        "scheduled": "planned",
        "pending": "planned",
        "not started": "planned",
        "todo": "planned",
    },
    "kind": {
        "course": "training",
        "conference": "meeting",
        "consultation": "meeting",
        "roundtable": "meeting",
        "study": "research",
        "survey": "research",
        "evaluation": "assessment",
        "review": "assessment",
        "guidelines": "publication",
        "pilot project": "pilot",
    },
    "phase": {
        "pre-meeting": "preparation",
        "prep": "preparation",
        "meeting": "core",
        "main": "core",
        "post-meeting": "follow_up",
        "follow-up": "follow_up",
        "followup": "follow_up",
    },
    "combine": {
        "total": "sum",
        "cumulative": "sum",
        "add": "sum",
        "latest": "last",
        "maximum": "max",
        "highest": "max",
        "minimum": "min",
        "lowest": "min",
    },
    "measure": {"held": "done", "completed": "done", "attendance": "attended"},
}


def synonym(field: str, word: str) -> str | None:
    """The plan's word for `word` written in `field` (`finished` → `done`), or None."""
    table = SYNONYMS.get(field, {})
    folded = " ".join(str(word).split()).casefold()
    return table.get(folded) or table.get(folded.replace("_", " "))
