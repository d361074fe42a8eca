"""Countries typed on the command line, as the plan's codes.

People write a country as they say it: `kh`, `Cambodia`, or another name the plan lists
among the country's `aliases` (`Kampuchea`). The plan's code is what is written, so that
`--country KH=5 --country kh=4` is seen for what it is (one country given twice), and a
country the plan does not have is refused before anything is written, with the closest
country of the plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from commit_cli.core.hints import closest
from commit_cli.errors import UsageError
from commit_cli.plan.sources import is_utf8
from commit_cli.safetext import one_line


class Country(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...


def _named(country: Country) -> str:
    return f"{country.code} ({one_line(country.name)})"


def country_code(option: str, typed: str, countries: Sequence[Country], shown: str = "") -> str:
    """The code of the plan's country `typed` names (its code in any case, its name or an
    alias); UsageError naming `option` and what was typed (`shown`, else `typed`) otherwise."""
    if not is_utf8(typed):
        raise UsageError(
            f"{option} {one_line(shown or typed)}: holds bytes that are not UTF-8 text (shown as"
            " \\udcXX); give it as UTF-8"
        )
    wanted = " ".join(typed.split()).casefold()
    names: dict[str, Country] = {}
    for country in countries:
        for name in (country.code, country.name, *country.aliases):
            names.setdefault(" ".join(name.split()).casefold(), country)
    if wanted in names:
        return names[wanted].code
    said = f"{option} {one_line(shown or typed)}: not a country of the plan"
    close = closest(wanted, list(names), n=1, cutoff=0.5)
    if close:
        raise UsageError(f"{said}; did you mean {_named(names[close[0]])}?")
    listed = ", ".join(_named(country) for country in countries) or "none"
    raise UsageError(f"{said}; the plan's countries: {listed}")


def by_country(
    option: str, given: Sequence[tuple[str, int, str]], countries: Sequence[Country]
) -> list[tuple[str, int]]:
    """`(country as typed, number, the whole argument)` pairs as (code, number); UsageError
    for a country the plan does not have, or one given twice."""
    found: dict[str, tuple[int, str]] = {}
    for typed, number, argument in given:
        code = country_code(option, typed, countries, argument)
        if code in found:
            first = found[code][1]
            raise UsageError(
                f"{option} {one_line(argument)}: {code} is given twice ({one_line(first)},"
                f" {one_line(argument)}); give each country once"
            )
        found[code] = (number, argument)
    return [(code, number) for code, (number, _) in found.items()]
