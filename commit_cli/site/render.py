"""Rendering the site's pages in the reports' sandbox.

One environment (`reports.render.environment`, HTML: autoescaped, strict, sandboxed with
every resource bounded) renders every page, so each template is compiled once; what a page
makes is counted from zero for each page and each page runs under the watchdog, exactly as a
report does. Plan text only ever arrives as data in the context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from commit_cli.errors import BrokenTemplate
from commit_cli.reports.limits import SECONDS_ENV_VAR, TemplateTimeout, render_seconds
from commit_cli.reports.render import _bounded, _broken, environment
from commit_cli.reports.sandbox import ReportSandbox
from commit_cli.reports.templates import TemplateFolder
from commit_cli.reports.watchdog import before_deadline
from commit_cli.safetext import UNSAFE_IN_BLOCK, escape_char
from commit_cli.wording import ENGLISH, Wording

if TYPE_CHECKING:
    from commit_cli.reports.languages import Cache


def shown(value: Any) -> Any:
    """Plan text as a page prints it: bidi overrides, embeddings and isolates, line
    separators and control characters (but tabs and newlines) as visible escapes
    (`\\u202e`), as the terminal shows them, so no title can reorder the text after it
    on the page. Markup (what a macro made, its values already shown) is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return UNSAFE_IN_BLOCK.sub(lambda match: escape_char(match.group()), value)
    return value


# The reports' filters that make markup of plan text: on the site, the text is `shown` first.
MARKUP_FILTERS = ("nowrap_dates", "paragraphs")
KEPT_MESSAGES = 1024  # translated messages without fields kept for the whole site


def _shown_first(make: Callable[..., Any]) -> Callable[..., Any]:
    def made(value: Any, *args: Any, **kwargs: Any) -> Any:
        return make(shown(value), *args, **kwargs)

    return made


def _shown_fields(make: Callable[..., Any]) -> Callable[..., Any]:
    """A gettext whose named fields (plan text among them) are `shown` first, as a value
    the page prints is. A message without fields (`_("Search")`: most of a page's) reads
    the same on every page, so it is translated once and kept (its markup, which no page
    can change); at most KEPT_MESSAGES of them, should a template translate plan text."""
    kept: dict[str, Any] = {}

    def made(*args: Any, **fields: Any) -> Any:
        if fields or len(args) != 1 or type(args[0]) is not str:
            return make(*args, **{name: shown(value) for name, value in fields.items()})
        found = kept.get(args[0])
        if found is None:
            found = make(*args)
            if len(kept) < KEPT_MESSAGES:
                kept[args[0]] = found
        return found

    return made


class PageRenderer:
    """Renders pages by template name, with one sandbox for the whole site, speaking
    `words`'s language (`_()` in the templates, the number and day filters, `language`)."""

    def __init__(
        self, folders: list[TemplateFolder], words: Wording = ENGLISH, compiled: Cache | None = None
    ) -> None:
        self.folders = folders
        self.env: ReportSandbox = environment(folders, "html", words, compiled, "site", shown)
        printed = self.env.printed  # what the reports' environment finalizes HTML with
        self.env.finalize = lambda value: printed(shown(value))
        for name in MARKUP_FILTERS:  # they return markup, which `finalize` leaves as it is
            self.env.filters[name] = _shown_first(self.env.filters[name])
        for name in ("_", "gettext", "ngettext"):
            made = self.env.globals[name]
            assert callable(made)
            self.env.globals[name] = _shown_fields(made)
        self.seconds = render_seconds()

    def render(self, name: str, context: dict[str, Any]) -> str:
        """The page `name` (e.g. `site/home.html.j2`) rendered with `context`; a broken
        template is one line naming its file and line (BrokenTemplate)."""
        env = self.env
        env.made_so_far = 0
        env.timed_out = False
        try:
            text = before_deadline(
                env,
                self.seconds,
                lambda: _bounded(env.get_template(name).generate(context), name, "page"),
            )
        except TemplateTimeout:
            raise BrokenTemplate(
                f"{name}: the template ran for more than {self.seconds:g} s and was stopped"
                f" (a loop too long?); {SECONDS_ENV_VAR} sets the time"
            ) from None
        except Exception as exc:
            raise _broken(exc, env, name, self.folders, self.seconds) from None
        return text if text.endswith("\n") else text + "\n"
