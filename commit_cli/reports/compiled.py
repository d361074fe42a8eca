"""Templates compiled once, not on every run: Jinja's bytecode cache, kept in the user's
result cache (`plan.cache.ResultCache`) like any other entry.

Compiling the report templates is most of what rendering a small report costs (parsing and
generating code for every macro and every wrapped message). A compiled template is the code
Jinja generated for its source under one environment, so an entry is keyed by everything
that code depends on: the template's name and source (Jinja's own key and checksum), Jinja's
version, the kind of environment (`setting`: a report in HTML or Markdown, a site page),
and the modules that configure the environment (`render`, `sandbox`); the cache adds the
tool's and Python's versions. Code from the cache runs in the same sandbox as freshly
compiled code: the sandbox checks attributes and calls when the template runs, not when it
is compiled.

Loading compiled code runs it, so it is read only through the result cache, which returns
an entry only when this user wrote and signed it (see `plan.cache`): a compiled template
planted by anyone else is ignored, and the template compiled again.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from commit_cli.reports.languages import Cache

# The modules whose code decides what a compiled template looks like.
_ENVIRONMENT_MODULES = ("render.py", "sandbox.py", "compiled.py")


@cache
def _environment_source() -> bytes:
    folder = Path(__file__).parent
    return b"\0".join((folder / name).read_bytes() for name in _ENVIRONMENT_MODULES)


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
            _environment_source(),
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
