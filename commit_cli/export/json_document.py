"""JSON as every command writes it, and the whole validated plan as one JSON document."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from commit_cli.core.model import PPC, Plan
from commit_cli.core.record import Record, record_layout, whole_number
from commit_cli.export.parts import Part, given
from commit_cli.safetext import json_safe

SMALLEST_PLAIN_FLOAT = 1e-4  # below it Python writes 1e-05 where serde_json writes 1e-5


def json_text(document: Any) -> str:
    """One JSON document: 2-space indented, UTF-8 (\\u escapes only for control, bidi and
    line-separator characters, which must not reach a terminal raw), strictly valid (no
    NaN), with a final newline."""
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def json_chunks(document: Any) -> Iterator[str]:
    """`json_text(document)` in pieces, before `json_safe` and the final newline: the
    encoder `json.dumps` uses for an indented document, piece by piece."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, allow_nan=False)
    return encoder.iterencode(document)


def plan_json_chunks(plan: Plan, pieces: Iterable[bytes] | None = None) -> Iterator[bytes]:
    """The plan as one JSON document (`json_text(plan.model_dump(mode="json"))`: its data in
    the model's field order, dates as ISO strings) in UTF-8, byte for byte, in pieces: the
    header, then one PPC at a time, so a large plan is never held twice over as dicts and
    bytes. `pieces`: see `plan_json_parts`."""
    for _, make in plan_json_parts(plan, pieces):
        yield make()


def plan_json_parts(plan: Plan, pieces: Iterable[bytes] | None = None) -> list[Part]:
    """`plan_json_chunks`, each made only when asked for: the header, each PPC (keyed by
    its id, and `\0last` for the last one, which ends without a comma: its bytes depend on
    nothing else) and the end.

    Written by pydantic-core's encoder: Python's own indenting encoder is pure Python and
    takes seconds on a large plan. The two write numbers differently only for fractions
    below 1e-4 (and NaN, which no plan holds); a PPC with one of those, or with text the
    fast encoder refuses, is written by the json module, as before. An object nested in an
    indented document is written as it is alone, its lines indented further: that is how
    both encoders indent.

    `pieces`, when given, are the PPCs as `ppc_json_bytes` writes them, one per PPC of
    `plan` (whose PPCs are then only read for their ids): for a plan whose PPCs were
    written before (kept in the cache by the command). Only for a plan written in pieces
    (`in_pieces`)."""
    head = _json_bytes(plan.model_copy(update={"ppcs": []}))
    if not in_pieces(plan, head):
        if pieces is not None:
            raise ValueError("this plan is written whole, not in pieces")
        return [(None, lambda: json_safe_bytes(_json_bytes(plan)) + b"\n")]
    start = json_safe_bytes(head[: -len(_EMPTY_PPCS)]) + b'"ppcs": [\n'
    parts: list[Part] = [(None, given(start))]
    last = len(plan.ppcs) - 1
    written: list[bytes | None] = [None] * len(plan.ppcs) if pieces is None else [*pieces]
    for position, (ppc, piece) in enumerate(zip(plan.ppcs, written, strict=True)):
        end = b"\n" if position == last else b",\n"
        key = f"{ppc.id}\0last" if position == last else ppc.id
        make = partial(_ppc_chunk, ppc, end) if piece is None else given(piece + end)
        parts.append((key, make))
    parts.append((None, given(b"  ]\n}\n")))
    return parts


def _ppc_chunk(ppc: PPC, end: bytes) -> bytes:
    return ppc_json_bytes(ppc) + end


def in_pieces(plan: Plan, head: bytes | None = None) -> bool:
    """Whether `plan_json_chunks` writes `plan` one PPC at a time (it has PPCs, and they end
    the document)."""
    if head is None:
        head = _json_bytes(plan.model_copy(update={"ppcs": []}))
    return bool(plan.ppcs) and head.endswith(_EMPTY_PPCS)


def ppc_json_bytes(ppc: PPC) -> bytes:
    """One PPC as the plan's document holds it: indented to its depth, without the comma or
    line end that follows it."""
    return _PPC_INDENT + json_safe_bytes(_json_bytes(ppc)).replace(b"\n", b"\n" + _PPC_INDENT)


@cache
def encoder_code() -> bytes:
    """The source of this module: what writes a PPC's piece, beside what the cache's keys
    already cover (the records, the safe-text rules, pydantic's version)."""
    return Path(__file__).read_bytes()


_EMPTY_PPCS = b'"ppcs": []\n}'
_PPC_INDENT = b"    "  # a PPC's depth in the document: the plan's "ppcs" list, 2 + 2


def _json_bytes(record: Record) -> bytes:
    """`record` as the json module writes its dump (2-space indent, no final newline), in
    UTF-8, unsafe characters still raw."""
    if all(_written_alike(number) for number in _numbers(record)):
        from pydantic_core import PydanticSerializationError, to_json

        try:
            return to_json(_ready(record), indent=2)
        except (PydanticSerializationError, UnicodeError, ValueError):
            pass
    text = json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False)
    return json_safe(text).encode("utf-8")


def json_safe_bytes(data: bytes) -> bytes:
    """`json_safe` for UTF-8 JSON: ASCII without DEL (most plans) is safe as it is."""
    if data.isascii() and b"\x7f" not in data:
        return data
    return json_safe(data.decode("utf-8")).encode("utf-8")


def _ready(record: Record) -> dict[str, Any]:
    """`record` as pydantic-core writes what its JSON dump holds: a dict (built in C, by
    zip), whole numbers as ints; dates, enumerations and tuples are left for the encoder,
    which writes them as the document has them (ISO dates, values, lists)."""
    fields = record._fields
    nested, numbers = record_layout(type(record))
    ready = dict(zip(fields, record, strict=True))
    for position in nested:
        item = record[position]
        if item is None:
            continue
        if type(item) is list:
            if item:
                ready[fields[position]] = [_ready(x) for x in item]
        elif type(item) is dict:
            ready[fields[position]] = {key: _ready(x) for key, x in item.items()}
        else:
            ready[fields[position]] = _ready(item)
    for position in numbers:
        ready[fields[position]] = _whole(record[position])
    return ready


def _whole(value: Any) -> Any:
    if type(value) is float:
        return whole_number(value)
    if type(value) is dict:
        return {key: _whole(item) for key, item in value.items()}
    return value


def _numbers(record: Record) -> list[float]:
    """Every number a plan or PPC holds that is not a count (counts are ints): its
    indicators'."""
    ppcs = record.ppcs if isinstance(record, Plan) else [record] if isinstance(record, PPC) else []
    found: list[float] = []
    for ppc in ppcs:
        for indicator in ppc.indicators:
            found.extend(
                n
                for n in (indicator.baseline, indicator.target, indicator.target_max)
                if n is not None
            )
            for value in indicator.values.values():
                found.extend(value.values() if isinstance(value, dict) else (value,))
    return found


def _written_alike(number: float) -> bool:
    if not math.isfinite(number):
        return False
    return float(number).is_integer() or abs(number) >= SMALLEST_PLAIN_FLOAT
