"""Text from plan files made safe to show: control characters, bidi overrides and line
separators become visible escapes (`\\x1b`, `\\u202e`), so plan text can neither drive a
terminal (colours, hyperlinks, cursor moves), nor reorder what a reader sees, nor forge a line
of output that CI tools parse (`::error …`). The data itself is never changed; only what is
shown.
"""

from __future__ import annotations

import re
from functools import cache

# C0 and C1 controls and DEL, the Unicode line and paragraph separators, and the bidi
# embeddings, overrides, isolates and marks. Other invisible characters (the zero-width space
# that Khmer and Myanmar text use between words, joiners in emoji) are left alone.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Lone surrogates stand for the bytes of a file name that is not UTF-8.
_SURROGATES = "\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")
UNSAFE_IN_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


# What json.dumps(ensure_ascii=False) leaves raw inside strings that is unsafe to print.
_JSON_RAW_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")


def json_safe(text: str) -> str:
    """JSON text with the unsafe characters json.dumps leaves raw written as \\u escapes
    (still the same JSON value; the structure's own newlines are kept)."""
    return _JSON_RAW_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def visible(text: str) -> str:
    """`text` with tabs and line breaks kept, and every other unsafe character escaped: for
    multi-line views on a terminal, and reports. By one table (`str.translate`), not a
    function per match: a text of millions of unsafe characters (a hostile template's)
    costs its escaped size, not an object per character."""
    if UNSAFE_IN_BLOCK.search(text) is None:
        return text
    return text.translate(_block_escapes())


@cache
def _block_escapes() -> dict[int, str]:
    """What `visible` writes for each character UNSAFE_IN_BLOCK matches (all of them in the
    Basic Multilingual Plane: a test checks none is above it), made on first use."""
    return {
        code: escape_char(chr(code))
        for code in range(0x10000)
        if UNSAFE_IN_BLOCK.match(chr(code)) is not None
    }


def flat(text: str) -> str:
    """`text` on one line with every unsafe character escaped (line breaks too), whole: a
    cell of a plain table. Text that Python calls printable holds no unsafe character (a
    test checks it), so it is returned as it is, without a search."""
    return text if text.isprintable() else UNSAFE.sub(_escape, text)


def one_line(text: str, limit: int = 60) -> str:
    """`text` on one line with every unsafe character escaped (line breaks too), cut to
    `limit` characters: a value quoted in a message must not break the one-problem-per-line
    output that editors and CI parse."""
    shown = flat(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def unsafe_characters(text: str) -> list[str]:
    """The distinct unsafe characters in `text` (tabs and line breaks allowed), escaped."""
    return sorted({escape_char(c) for c in UNSAFE_IN_BLOCK.findall(text)})


def github_data(text: str) -> str:
    """`text` as the message of a GitHub Actions workflow command (`::error …::text`):
    `%`, CR and LF percent-encoded as the runner expects (a line break in a message stays a
    line break in the annotation, and can never start a forged command), and every other
    unsafe character shown as an escape, as everywhere else."""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(encoded).replace("\t", "\\t")


def github_property(text: str) -> str:
    """`text` as a property value of a workflow command (`file=…,title=…`): as `github_data`,
    and `:` and `,` percent-encoded too, since they end a property."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
