"""How ids are spelt, and the bounds on every number a plan holds."""

from __future__ import annotations

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ID_HELP = "ids use lowercase letters, digits, '-', '_' and '.', e.g. 'ppc-1' or 'ppc1-seminar'"
# Bounds on every number a plan holds: far above any real plan, low enough that no value can
# overflow a date, a JSON reader (2**53) or a table column.
MAX_COUNT = 100_000
MAX_PEOPLE = 10_000_000
MAX_DAYS = 36_600
MAX_NUMBER = 1e15
