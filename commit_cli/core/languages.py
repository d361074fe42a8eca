"""The languages a report can be written in: English, the plan's own, and the languages of
the six governments, by their BCP 47 tags. A plan may hold its titles in each of the others
(`plan/i18n/<tag>.yaml`)."""

from __future__ import annotations

ENGLISH = "en"
# Khmer, Lao, Burmese, Thai, Vietnamese and Chinese: the languages of the six governments.
TRANSLATED = ("km", "lo", "my", "th", "vi", "zh")
LANGUAGES = (ENGLISH, *TRANSLATED)
