"""One plan file through the stages of loading: the cache first, then, for a file not found
there, its bytes (`fetch`), decoded and screened (`screen`), parsed (`parse`), scanned for
hostile text (`screen`) and validated (`validate`), and a clean result stored (`entries`).

`read_one` takes the source, the file's name, the record it should make and the cache, and
returns a `FileRead`: everything the later steps need of the file, frozen. The problems it
holds are the file's own (not those across files), not yet given a line where they have
only a path; the loader places them against the file's text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from commit_cli.core.record import Record, shared
from commit_cli.plan.entries import facts_digest, read_entry, record_key, write_entry
from commit_cli.plan.fetch import fetch, fetch_bytes
from commit_cli.problems import Problem, of_file

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.sources import PlanSource
    from commit_cli.plan.validate import KnownItems
    from commit_cli.yamlio.splice import Parsed


class FileRead(NamedTuple):
    """One plan file as read: its record when it validated (None otherwise), its own
    problems, its cache key and the digest of its facts (when read with a cache), the data of
    a file that failed validation (None otherwise), its text when it was decoded (None when
    it came from the cache), the version read, when asked for (for re-reading the next
    one; None when it came from the cache or did not read cleanly), and whether all of its
    data was read (False when the file was refused, is not UTF-8, holds conflict markers,
    does not parse, or repeats a key, whose second value is then not read): only a plan
    read whole can be checked across its files."""

    name: str
    record: Record | None = None
    problems: tuple[Problem, ...] = ()
    cache_key: str = ""
    facts: str = ""
    raw_data: dict[str, Any] | None = None
    text: str | None = None
    parsed: Parsed | None = None
    whole: bool = True


def read_one(
    source: PlanSource,
    name: str,
    model: type[Record],
    what: str,
    cache: ResultCache | None,
    previous: Parsed | None = None,
    keep_parsed: bool = False,
    known: KnownItems | None = None,
    quick: bool = False,
) -> FileRead:
    """The file `name` of `source` read into a `model` record (`what` names what it should
    hold, for the message when it holds nothing): from the cache when it holds the same
    bytes, else read, validated and stored. `previous` (an earlier version as read) lets the
    text be re-read only where it differs; with `keep_parsed`, the version read is kept in
    the result for the next one, with `known` the items validated in earlier versions are
    taken as they were (`validate.KnownItems`), and with `quick` it is validated without
    pydantic when it can be (`validate.validate`)."""
    fetched = fetch(source, name, by_id=cache is not None)
    key = ""
    if cache is not None and fetched.refused is None:
        key = record_key(cache, model, fetched)
        cached = read_entry(cache, key, model)
        if cached is not None:
            record, facts, problems, whole = cached
            return FileRead(name, record, of_file(problems, name), key, facts, whole=whole)
    fetched = fetch_bytes(source, fetched)
    if fetched.raw is None:
        assert fetched.refused is not None
        return FileRead(name, problems=(fetched.refused,), cache_key=key, whole=False)
    if cache is not None:
        key = record_key(cache, model, fetched)  # by the bytes read (see `fetch`)
    return _from_bytes(
        name, fetched.raw, key, model, what, cache, previous, keep_parsed, known, quick
    )


def _from_bytes(
    name: str,
    raw: bytes,
    key: str,
    model: type[Record],
    what: str,
    cache: ResultCache | None,
    previous: Parsed | None,
    keep_parsed: bool,
    known: KnownItems | None = None,
    quick: bool = False,
) -> FileRead:
    from commit_cli.plan.parse import parse
    from commit_cli.plan.screen import hostile_text, screen
    from commit_cli.plan.validate import validate

    screened = screen(name, raw)
    text = screened.text
    if text is None or screened.problems:
        return FileRead(name, problems=screened.problems, cache_key=key, text=text, whole=False)
    found = parse(name, text, what, previous, keep_parsed)
    data = found.data
    if data is None:
        return FileRead(name, problems=found.problems, cache_key=key, text=text, whole=False)
    whole = not found.problems  # a repeated key: its second value is not read
    problems = (*found.problems, *hostile_text(name, text, data))
    validated = validate(name, data, model, known, quick)
    record = validated.record
    if record is None:
        problems += validated.problems
        return FileRead(name, None, problems, key, "", data, text, found.parsed, whole)
    facts = ""
    if cache is not None:
        record = shared(record)  # stored once and read back many times: see `shared`
        facts = facts_digest(record)
        write_entry(cache, key, record, facts, problems, whole)
    return FileRead(name, record, problems, key, facts, None, text, found.parsed, whole)
