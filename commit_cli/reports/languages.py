"""The languages reports are written in, and their gettext catalogs.

English is the source: templates and Python write English, and each English sentence is the
msgid. The other six languages (`Language`) each have a catalog,
`commit_cli/locale/<lang>/LC_MESSAGES/commit.po`, shipped as its `.po` source (no compiled
`.mo` in the repository: a build output). A report in one of them reads its catalog with
Babel once, keeps the messages in the user's cache (keyed by the catalog's bytes and the
code), and from then on loads them from there, so a translated report costs about what an
English one does.

Every catalog says in its header how far it has been reviewed (`X-Review-Status`): all are
drafts that no native speaker has reviewed yet, and `commit templates list` says so, because
a wrong word in a report to a government matters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from commit_cli.core.vocabulary import Language
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.wording import ENGLISH, Translated, Wording

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "commit"
REVIEW_HEADER = "X-Review-Status"
DRAFT = "draft — not yet reviewed by a native speaker"

# Babel's locale for each language (Chinese in the simplified script, as China writes it)
# and the BCP 47 tag a page's `lang` carries, so a browser picks the right font variant.
LOCALES = {
    Language.km: ("km", "km"),
    Language.lo: ("lo", "lo"),
    Language.my: ("my", "my"),
    Language.th: ("th", "th"),
    Language.vi: ("vi", "vi"),
    Language.zh: ("zh_Hans", "zh-Hans"),
}


class Cache(Protocol):
    """Where parsed catalogs are kept (`plan.cache.ResultCache`)."""

    def key(self, kind: str, *parts: bytes) -> str: ...
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...


def catalog_path(language: Language | str) -> Path:
    return LOCALE_DIR / str(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def language_of(text: str) -> Language:
    """The language `text` names; anything else is refused with one line naming them."""
    try:
        return Language(text.strip().lower())
    except ValueError:
        names = ", ".join(Language)
        raise UsageError(f"--lang: unknown language '{text}'; use one of {names}") from None


def messages_of(source: bytes) -> dict[str, str]:
    """msgid → translation of a `.po` file's text: only translated, non-fuzzy messages."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(source))
    found: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string
        text = strings if isinstance(strings, str) else (strings[0] if strings else "")
        if text:
            found[msgid] = text
    return found


def wording_for(language: Language | str, cache: Cache | None = None) -> Wording:
    """How values read in `language`: English's own, or its catalog's (see the module)."""
    chosen = Language(language)
    if chosen == Language.en:
        return ENGLISH
    path = catalog_path(chosen)
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise EnvironmentFailure(
            f"the {chosen} catalog is missing ({path}: {exc.strerror or exc}); reinstall commit"
        ) from None
    key = cache.key("catalog", source) if cache is not None else ""
    stored = cache.get(key) if cache is not None else None
    messages: dict[str, str] | None = None
    if stored is not None:
        try:
            loaded = json.loads(stored)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            messages = {str(k): str(v) for k, v in loaded.items()}
    if messages is None:
        messages = messages_of(source)
        if cache is not None:
            cache.put(key, json.dumps(messages, ensure_ascii=False).encode("utf-8"))
    locale, tag = LOCALES[chosen]
    return Translated(str(chosen), locale, tag, messages)


_REVIEW = re.compile(rb'^"' + REVIEW_HEADER.encode() + rb':\s*(.*?)\\n"\s*$', re.MULTILINE)


@dataclass(frozen=True)
class CatalogState:
    """A language's catalog as `commit templates list` shows it."""

    language: Language
    path: str
    review: str  # the catalog's X-Review-Status; "source" for English

    def to_json(self) -> dict[str, str]:
        return {"language": str(self.language), "path": self.path, "review": self.review}


def catalog_states() -> list[CatalogState]:
    """Each language, with its catalog's review status (read from its header)."""
    states = [CatalogState(Language.en, "", "source language")]
    for language in LOCALES:
        path = catalog_path(language)
        try:
            head = path.read_bytes()[:4096]
        except OSError:
            states.append(CatalogState(language, str(path), "missing"))
            continue
        found = _REVIEW.search(head)
        review = found.group(1).decode("utf-8", "replace") if found else "not stated"
        states.append(CatalogState(language, str(path), review))
    return states
