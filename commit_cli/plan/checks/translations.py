"""Translations: a title translated into another language (`plan/i18n/<lang>.yaml`) was made
from the plan's English title as it reads now.

A translation whose English source differs, or whose object is no longer in the plan, is
stale: reports in that language show the English title instead (`core.titles`), and
`validate` warns, so the translator knows what to bring up to date. It is a warning, never an
error: an English title may change in a pull request before anyone who reads the language
has seen it. The rule reads the translations files, which are not part of the `Plan` record,
so it runs on every load (`plan.load`): one dictionary lookup per translated title.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from commit_cli.core.model import Plan, TitleTranslation, Translations
from commit_cli.core.titles import english_titles
from commit_cli.plan.checks.context import Findings, Place, Rule
from commit_cli.problems import Problem, Severity

STALE_TRANSLATION = Rule(
    "stale-translation",
    Severity.warning,
    "a translated title was made from the plan's English title as it reads now",
)
RULES = (STALE_TRANSLATION,)


def check_translations(plan: Plan, books: Sequence[tuple[str, Translations]]) -> list[Problem]:
    """A warning for each translated title of `books` (file name, translations) whose
    English source is not the plan's title of that id today."""
    findings = Findings(())
    if not books:
        return findings.problems  # a plan without translations pays nothing
    english = english_titles(plan)
    for file, book in books:
        for field, known in zip(("titles", "short_titles"), english, strict=True):
            _check(findings, file, field, getattr(book, field), known)
    return findings.problems


def _check(
    findings: Findings,
    file: str,
    field: str,
    translated: Mapping[str, TitleTranslation],
    known: Mapping[str, str],
) -> None:
    what = "title" if field == "titles" else "short title"
    for ident, entry in translated.items():
        current = known.get(ident)
        if current is None:
            findings.report(
                STALE_TRANSLATION,
                Place(file, (field, ident)),
                f"{field}: '{ident}' has no {what} in the plan any more (removed or renamed);"
                " remove its translation, or move it to the new id",
                at_key=True,
            )
        elif entry.source != current:
            findings.report(
                STALE_TRANSLATION,
                Place(file, (field, ident, "source")),
                f"{field}: the English {what} of '{ident}' changed since it was translated"
                f" (it now reads '{current}'); translate it again and copy the new English"
                " into `source` (reports show the English until then)",
            )
