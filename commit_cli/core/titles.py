"""The plan's titles in another language: which objects have a title a translator may
translate, which translations are still fresh, and the plan with them in place.

A translation (`plan/i18n/<lang>.yaml`, a `Translations` record) keeps the English it was
made from. It is used only while that English is still the plan's title: once the title
changes, the translation may say something the plan no longer says, so the English is shown
until a translator brings it up to date (`validate` warns of it: rule `stale-translation`).
"""

from __future__ import annotations

from collections.abc import Mapping

from commit_cli.core.model import PPC, Plan, TitleTranslation, Translations

Titles = dict[str, str]  # id -> title


def english_titles(plan: Plan) -> tuple[Titles, Titles]:
    """The plan's English titles by id (the plan's, its areas', activities', PPCs',
    milestones' and indicators'), and its short titles by id (the plan's and each PPC's):
    what a translation may translate."""
    titles = {plan.id: plan.title}
    short = {plan.id: plan.short_title} if plan.short_title else {}
    for area in plan.areas:
        titles[area.id] = area.title
    for activity in plan.activities:
        titles[activity.id] = activity.title
    for ppc in plan.ppcs:
        titles[ppc.id] = ppc.title
        short[ppc.id] = ppc.short_title
        for milestone in ppc.milestones:
            titles[milestone.id] = milestone.title
        for indicator in ppc.indicators:
            titles[indicator.id] = indicator.title
    return titles, short


def _fresh(translated: Mapping[str, TitleTranslation], english: Titles) -> Titles:
    return {
        ident: entry.title
        for ident, entry in translated.items()
        if english.get(ident) == entry.source
    }


def translated_plan(plan: Plan, book: Translations | None) -> Plan:
    """`plan` with every title and short title that `book` translates freshly (from the
    English the plan has today) in the translation; the rest as written. The same plan when
    there is nothing to translate."""
    if book is None or not (book.titles or book.short_titles):
        return plan
    english, english_short = english_titles(plan)
    titles = _fresh(book.titles, english)
    short = _fresh(book.short_titles, english_short)
    if not (titles or short):
        return plan

    def retitled(record: PPC) -> PPC:
        milestones = [
            m.model_copy(update={"title": titles[m.id]}) if m.id in titles else m
            for m in record.milestones
        ]
        indicators = [
            i.model_copy(update={"title": titles[i.id]}) if i.id in titles else i
            for i in record.indicators
        ]
        return record.model_copy(
            update={
                "title": titles.get(record.id, record.title),
                "short_title": short.get(record.id, record.short_title),
                "milestones": milestones,
                "indicators": indicators,
            }
        )

    return plan.model_copy(
        update={
            "title": titles.get(plan.id, plan.title),
            "short_title": short.get(plan.id, plan.short_title),
            "areas": [
                a.model_copy(update={"title": titles[a.id]}) if a.id in titles else a
                for a in plan.areas
            ],
            "activities": [
                a.model_copy(update={"title": titles[a.id]}) if a.id in titles else a
                for a in plan.activities
            ],
            "ppcs": [retitled(ppc) for ppc in plan.ppcs],
        }
    )
