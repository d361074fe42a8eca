"""Templates compiled once, not on every run: Jinja's bytecode cache, kept in the user's
result cache (`plan.cache.ResultCache`) like any other entry.

Compiling the report templates is most of what rendering a small report costs (parsing and
generating code for every macro and every wrapped message). A compiled template is the code
Jinja generated for its source under one environment, so an entry is keyed by everything
that code depends on: the template's name and source (Jinja's own key and checksum), Jinja's
version, the kind of environment (`setting`: a report in HTML or Markdown, a site page, and
the language with its catalog, as filters applied to constants are worked out when
compiling), and the code of the environment and its filters (`reports`, `wording`); the
cache adds the tool's and Python's versions. Code from the cache runs in the same sandbox as freshly
compiled code: the sandbox checks attributes and calls when the template runs, not when it
is compiled.

Loading compiled code runs it, so it is read only through the result cache, which returns
an entry only when this user wrote and signed it (see `plan.cache`): a compiled template
planted by anyone else is ignored, and the template compiled again.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from commit_cli.reports.languages import Cache
from commit_cli.wording import Translated, Wording

# The packages whose code decides what a compiled template looks like: the environment
# and its filters (`reports`), and the wording the filters use (`wording`). Jinja works out
# a filter applied to a constant when it compiles, so compiled code holds filters' results.
_ENVIRONMENT_PACKAGES = ("reports", "wording")


@cache
def _environment_digest() -> bytes:
    package = Path(__file__).parent.parent
    found = hashlib.sha256()
    for name in _ENVIRONMENT_PACKAGES:
        for path in sorted((package / name).glob("*.py")):
            found.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest().encode()


def language_setting(words: Wording) -> str:
    """What of `words` compiled code may hold: its language, and for a translation a digest
    of its catalog (a filter applied to a constant is worked out when compiling)."""
    if not isinstance(words, Translated):
        return words.tag
    messages = json.dumps(words.messages, sort_keys=True, ensure_ascii=False).encode()
    return f"{words.tag}:{hashlib.sha256(messages).hexdigest()}"


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache over the result cache, for one kind of environment."""

    def __init__(self, results: Cache, setting: str) -> None:
        self.results = results
        self.setting = setting

    def _key(self, bucket: Bucket) -> str:
        return self.results.key(
            "template-code",
            self.setting.encode(),
            jinja2.__version__.encode(),
            _environment_digest(),
            bucket.key.encode(),
            (bucket.checksum or "").encode(),
        )

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.results.get(self._key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja checks its magic and the checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.results.put(self._key(bucket), bucket.bytecode_to_string())
