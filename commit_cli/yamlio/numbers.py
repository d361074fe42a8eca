"""How a number may be written in a plan: plain ASCII decimal, and not too long. The one
reading of numbers, for plan files (the reader refuses the others, located) and for values
given on the command line (`resolve.plain_value`)."""

from __future__ import annotations

import re

from commit_cli.safetext import one_line

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NUMBER_TAGS = (INT_TAG, FLOAT_TAG)
MAX_NUMBER_CHARS = 40
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
# What plan numbers may look like: plain ASCII decimal. YAML 1.1 also reads hex, binary,
# underscores and a leading '+', and Python's int() reads other scripts' digits: each would
# let `0x7D6` or `٢٠٠٦` stand for the year 2006.
_PLAIN_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$", re.ASCII)
_PLAIN_FLOAT = re.compile(
    r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$"
    r"|^\.(?:nan|NaN|NAN)$",
    re.ASCII,
)


def number_problem(text: str, tag: str, in_file: bool = True) -> tuple[str, str] | None:
    """What is wrong with a number written `text` (that YAML would tag `tag`), as a message
    and a code, or None when it may stand: the one reading of numbers, for plan files and
    for values given on the command line (`in_file` False: no advice to quote it)."""
    if len(text) > MAX_NUMBER_CHARS:
        quote = " (put it in quotes if it is text)" if in_file else ""
        return (
            f"a number of {len(text)} characters is too long; numbers in a plan have at most"
            f" {MAX_NUMBER_CHARS} characters{quote}",
            "number-too-long",
        )
    shown = one_line(text)
    if ":" in text:
        quote = f"put it in quotes ('{shown}') if it is text, or " if in_file else ""
        return (
            f"'{shown}' would be read as a base-60 number; {quote}write the number itself",
            "yaml-base-60",
        )
    if tag == INT_TAG and _OCTAL.match(text):
        plain = text.lstrip("+-0") or "0"
        quote = f", or put it in quotes ('{text}') if it is text" if in_file else ""
        return (f"'{text}' would be read as an octal number; write {plain}{quote}", "yaml-octal")
    plain_form = _PLAIN_INT if tag == INT_TAG else _PLAIN_FLOAT
    looks_numeric = any(c.isdigit() for c in text)  # else the tag message says more
    if looks_numeric and not plain_form.match(text):
        quote = ", or put it in quotes if it is text" if in_file else ""
        return (
            f"'{shown}' is not written as a plain decimal number; write it with the digits"
            f" 0-9 only (no 0x, 0b, '_' or '+'){quote}",
            "yaml-number-form",
        )
    return None
