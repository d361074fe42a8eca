"""The reports' and the site's messages: every English sentence a reader of a report or of
the site (`commit site`) may see, found where it is written, and the catalogs kept in step
with them (one catalog per language for both).

Messages are found in the default templates (`templates/*.j2` and `templates/site/*.j2`:
`_()`, `gettext`, `ngettext`, and the nouns given to the `plural` and `days` filters) and in
the Python that words a report or a page (`reports/context`, `reports/rows.py`, `site`,
`wording`: `_()`, `gettext`, `ngettext`, `N_()`, and every label of `wording.labels` and
reporting cadence).
`tests/reports/test_languages.py` fails on a message a catalog lacks, leaves untranslated
or marks fuzzy, and on a catalog entry no longer used.

    python -m commit_cli.reports.messages   # rewrites commit.pot; adds new messages to each
                                            # .po (untranslated) and drops stale ones

Imported only by that command and the tests (Babel and Jinja's parser).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from jinja2 import nodes
from jinja2.ext import extract_from_ast

from commit_cli.reports.docx import CHART_NOTE
from commit_cli.reports.languages import LOCALE_DIR, LOCALES, REVIEW_HEADER, catalog_path
from commit_cli.reports.render import environment
from commit_cli.reports.templates import TemplateFolder, default_templates_dir
from commit_cli.wording.labels import ENGLISH as LABELS
from commit_cli.wording.language import CADENCES

PACKAGE = Path(__file__).resolve().parent.parent
PYTHON_SOURCES = ("reports/context", "reports/rows.py", "site", "wording")  # folders, files
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
_PYTHON_PLURAL = re.compile(r"""\bplural\([^,()]+,\s*"([^"]+)"(?:,\s*"([^"]+)")?\)""")


@dataclass
class Message:
    """One msgid (and its plural, for a count), and where it is written."""

    msgid: str
    plural: str | None = None
    places: list[tuple[str, int]] = field(default_factory=list)


def _template_messages(folder: Path) -> Iterator[tuple[str, str | None, str, int]]:
    env = environment([TemplateFolder(folder, "default", "templates")], "html")
    for path in sorted(folder.glob("*.j2")) + sorted(folder.glob("site/*.j2")):
        name = path.relative_to(folder).as_posix()
        tree = env.parse(path.read_text(encoding="utf-8"), name, str(path))
        shown = f"templates/{name}"
        for line, function, message in extract_from_ast(tree, ("_", "gettext", "ngettext")):
            # a call with named fields: its message, then None for each field
            parts = (message,) if isinstance(message, str) else tuple(message or (None,))
            if function == "ngettext" and all(isinstance(m, str) for m in parts[:2]):
                yield str(parts[0]), str(parts[1]), shown, line
            elif function != "ngettext" and isinstance(parts[0], str):
                yield parts[0], None, shown, line
        for node in tree.find_all(nodes.Filter):
            if node.name == "plural" and node.args and isinstance(node.args[0], nodes.Const):
                singular = str(node.args[0].value)
                many = node.args[1] if len(node.args) > 1 else None
                plural = str(many.value) if isinstance(many, nodes.Const) else singular + "s"
                yield singular, plural, shown, node.lineno
            elif node.name == "days":
                yield "day", "days", shown, node.lineno


def _python_messages(package: Path) -> Iterator[tuple[str, str | None, str, int]]:
    from babel.messages.extract import extract

    for folder in PYTHON_SOURCES:
        place = package / folder
        for path in [place] if place.suffix == ".py" else sorted(place.glob("*.py")):
            shown = f"commit_cli/{path.relative_to(package).as_posix()}"
            data = path.read_bytes()
            for line, message, _comments, _context in extract("python", BytesIO(data), KEYWORDS):
                if isinstance(message, str):
                    yield message, None, shown, line
                elif isinstance(message, tuple) and message[0] and message[1]:
                    yield str(message[0]), str(message[1]), shown, line
            for number, text in enumerate(data.decode("utf-8").splitlines(), 1):
                for found in _PYTHON_PLURAL.finditer(text):
                    yield found.group(1), found.group(2) or found.group(1) + "s", shown, number
    for table in LABELS.values():
        for text in table.values():
            yield text, None, "commit_cli/wording/labels.py", 0
    for text in CADENCES.values():
        yield text, None, "commit_cli/wording/language.py", 0
    yield CHART_NOTE, None, "commit_cli/reports/docx.py", 0


def extract_messages(templates: Path | None = None, package: Path = PACKAGE) -> dict[str, Message]:
    """Every message of the reports, by msgid, in the order first found."""
    found: dict[str, Message] = {}
    sources = [_template_messages(templates or default_templates_dir()), _python_messages(package)]
    for source in sources:
        for msgid, plural, shown, line in source:
            message = found.setdefault(msgid, Message(msgid, plural))
            if plural and not message.plural:
                message.plural = plural
            message.places.append((shown, line))
    return found


def pot_path() -> Path:
    return LOCALE_DIR / "commit.pot"


def _catalog(messages: dict[str, Message], locale: str | None, places: bool = True) -> object:
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=locale,
        project="commit",
        version="reports",
        msgid_bugs_address="",
        last_translator="none yet: drafted without a native speaker",
        language_team="none yet",
        header_comment=(
            "# The messages of commit's reports and site (python -m commit_cli.reports.messages)"
        ),
        fuzzy=False,
    )
    for message in messages.values():
        msgid = (message.msgid, message.plural) if message.plural else message.msgid
        where = [(p, line) for p, line in message.places if line][:4] if places else []
        catalog.add(msgid, locations=where)
    return catalog


def write_template(messages: dict[str, Message]) -> None:
    """Rewrite `commit.pot` from `messages`."""
    from babel.messages.pofile import write_po

    out = BytesIO()
    write_po(out, _catalog(messages, None), width=100, omit_header=False, sort_output=False)  # type: ignore[arg-type]
    pot_path().write_bytes(_stable(out.getvalue()))


def _stable(data: bytes) -> bytes:
    """No creation or revision date in the file: it changes only when a message does."""
    return re.sub(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', b"", data, flags=re.M)


def update_catalog(language: str, messages: dict[str, Message]) -> None:
    """Give the `.po` of `language` every message (new ones untranslated), drop the stale,
    keep its translations and its review status."""
    from babel.messages.pofile import read_po, write_po

    path = catalog_path(language)
    source = path.read_bytes() if path.exists() else b""
    old = read_po(BytesIO(source)) if source else None
    review = re.search(rb'^"' + REVIEW_HEADER.encode() + rb": .*\\n\"$", source, flags=re.M)
    catalog = _catalog(messages, LOCALES_BY_NAME[language], places=False)
    for message in catalog:  # type: ignore[attr-defined]
        if not message.id or old is None:
            continue
        before = old.get(message.id if isinstance(message.id, str) else message.id[0])
        if before is not None and not before.fuzzy:
            message.string = before.string
    out = BytesIO()
    write_po(out, catalog, width=100, sort_output=False)  # type: ignore[arg-type]
    data = _stable(out.getvalue())
    header = (
        review.group(0)
        if review
        else (f'"{REVIEW_HEADER}: draft — not yet reviewed by a native speaker\\n"'.encode())
    )
    data = data.replace(b'"Generated-By:', header + b'\n"Generated-By:', 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


LOCALES_BY_NAME = {str(language): locale for language, (locale, _tag) in LOCALES.items()}


def main() -> None:
    messages = extract_messages()
    write_template(messages)
    for language in LOCALES_BY_NAME:
        update_catalog(language, messages)


if __name__ == "__main__":
    main()
