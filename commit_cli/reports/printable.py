"""What the PDF printer may be given: a report that loads nothing.

Templates come from pull requests, and the printer is a browser that would fetch whatever a
page asks for: a file of the machine (`file:`), the network, another document in a frame.
Before Chromium sees a report, `check_printable` refuses (one line) HTML that holds

- an element that loads or runs something: `iframe`, `frame`, `frameset`, `object`, `embed`,
  `applet`, `portal`, `fencedframe`, `script`, `base`, `link`, a `meta` refresh or any
  `http-equiv` but the content type and a security policy, an SVG animation of a link;
- an event handler (`onload=`);
- a URL that loads (`src`, `srcset`, `data`, `poster`, `background`, `action`, `xlink:href`
  and the like, CSS `url()` and `@import`, in a style or in any attribute such as SVG's
  `fill="url(…)"`) other than a fragment (`#id`) or an inline `data:image/…`; and a link
  (`<a href>`) to anything but http(s), `mailto:`, a fragment or a relative path (a link is
  not fetched: it is kept in the PDF as a link).

The tags are looked for in the raw text as well (where a parser might be fooled, as in a
comment), and `with_policy` puts a Content Security Policy that forbids scripts and every
outside source first in the page: what the check would miss, the browser does not load.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from commit_cli.errors import BrokenTemplate

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:;"
    " script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none';"
    " worker-src 'none'; connect-src 'none'; media-src 'none'; manifest-src 'none';"
    " base-uri 'none'; form-action 'none'"
)
HEAD = f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{POLICY}">'

LOADING_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"}
    | {"script", "base", "link"}
)
# Attributes whose value is a URL the browser fetches (or submits to).
LOADING_ATTRIBUTES = frozenset(
    {"src", "data", "poster", "background", "action", "formaction", "codebase", "archive"}
    | {"longdesc", "lowsrc", "dynsrc", "manifest", "icon", "ping", "profile", "cite"}
    | {"xlink:href", "href", "usemap", "imagesrcset", "srcset"}
)
LINKS = frozenset({"a", "area"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
HTTP_EQUIV = frozenset({"content-type", "content-security-policy", "x-ua-compatible"})
ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp|avif|svg\+xml)[;,]")

_RAW_TAG = re.compile(
    r"<(" + "|".join(sorted(LOADING_ELEMENTS)) + r")(?=[\s/>])", re.IGNORECASE | re.ASCII
)
_DOCTYPE = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*<!doctype[^>]*>", re.IGNORECASE | re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(\*/|\Z)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)]*?))\s*\)", re.IGNORECASE)
_CSS_LOADERS = re.compile(
    r"@import|image-set\(|(?<![-\w])image\(|cross-fade\(|element\(|(?<![-\w])src\(|expression\(",
    re.IGNORECASE,
)
_URL_NOISE = re.compile(r"[\t\n\r]")
_SRCSET_GAP = re.compile(r"[\s,]*")
_SRCSET_URL = re.compile(r"\S+")
_TRIMMED = "".join(chr(code) for code in range(0x21)) + "\x7f"  # C0 controls, space, DEL
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class NotPrintable(BrokenTemplate):
    """The report's HTML would make the printer load or run something."""


def check_printable(html: str, name: str) -> None:
    """NotPrintable (one line, naming `name` and the line of the HTML) when the report
    would load or run anything (see the module docs)."""
    raw = _RAW_TAG.search(html)
    if raw:
        raise _refused(name, html, raw.start(), f"<{raw.group(1).lower()}>", "loads or runs")
    checker = _Checker(name, html)
    checker.feed(html)
    checker.close()


def with_policy(html: str) -> str:
    """The page with a charset and a Content Security Policy first in its head (after the
    doctype, so the page keeps its standards mode)."""
    doctype = _DOCTYPE.match(html)
    at = doctype.end() if doctype else 0
    return html[:at] + HEAD + html[at:]


def _refused(name: str, html: str, index: int, what: str, why: str) -> NotPrintable:
    line = html.count("\n", 0, index) + 1
    shown = what if len(what) <= 80 else what[:77] + "..."
    return NotPrintable(
        f"{name}: not printed to PDF: {shown} (line {line} of the HTML) {why}; a report"
        " printed to PDF may load nothing (no frames, objects, scripts, files or outside"
        " URLs)"
    )


class _Checker(HTMLParser):
    """Reads markup as a browser does where Python's parser would read it otherwise (HTML5's
    comments; a `<style>` in SVG or MathML, whose text is markup), so nothing the browser
    would load hides from the check. `base`: where in `html` the text fed starts."""

    def __init__(self, name: str, html: str, base: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.html = html
        self.base = base
        self.lines = [0] + [m.end() for m in re.finditer("\n", html[base:])]
        self.in_style = False

    def _index(self) -> int:
        line, column = self.getpos()
        local = self.lines[line - 1] + column if line - 1 < len(self.lines) else 0
        return self.base + local

    def parse_comment(self, i: int, report: bool = True) -> int:
        """HTML5's comment: `<!-->` and `<!--->` end at once, and `--!>` ends one too (Python's
        parser reads on to the next `-->`, past markup the browser renders)."""
        rawdata = self.rawdata
        start = i + 4
        if rawdata.startswith(">", start):
            return start + 1
        if rawdata.startswith("->", start):
            return start + 2
        ends = [at for at in (rawdata.find("-->", start), rawdata.find("--!>", start)) if at >= 0]
        if not ends:
            return -1
        end = min(ends)
        if report:
            self.handle_comment(rawdata[start:end])
        return end + (3 if rawdata.startswith("-->", end) else 4)

    def parse_html_declaration(self, i: int) -> int:
        """`<![CDATA[` in HTML is a bogus comment that ends at the first `>` (HTML5); in SVG
        it holds text, which loads nothing, so reading on from that `>` only checks more."""
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1
        return int(super().parse_html_declaration(i))

    def _refuse(self, what: str, why: str) -> NotPrintable:
        return _refused(self.name, self.html, self._index(), what, why)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in LOADING_ELEMENTS:
            raise self._refuse(f"<{tag}>", "loads or runs")
        values = {key.lower(): value or "" for key, value in attrs}
        equiv = values.get("http-equiv", "").strip().lower() if tag == "meta" else ""
        if equiv and equiv not in HTTP_EQUIV:
            raise self._refuse(f'<meta http-equiv="{equiv}">', "acts on the page")
        if tag in ANIMATIONS and _animates_link(values.get("attributename", "")):
            raise self._refuse(f"<{tag} attributeName=...>", "changes a link")
        for key, value in values.items():
            self._attribute(tag, key, value)
        self.in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self._css(data)
            # in SVG or MathML a style's text is markup: references decoded, tags elements
            self._css(unescape(data))
            if "<" in data:
                inner = _Checker(self.name, self.html, self._index())
                inner.feed(data)
                inner.close()

    def _attribute(self, tag: str, key: str, value: str) -> None:
        if key.startswith("on"):
            raise self._refuse(f"{key}=", "runs a script")
        if key == "style":
            self._css(value)
        elif key in ("srcset", "imagesrcset"):
            for url in _srcset_urls(value):
                self._loaded(key, url)
        elif key in ("href", "xlink:href") and tag in LINKS:
            self._link(key, value)
        elif key in LOADING_ATTRIBUTES:
            self._loaded(key, value)
        elif "url(" in value.lower() or "\\" in value:  # fill="url(…)", filter=, mask=
            self._css(value)

    def _loaded(self, key: str, value: str) -> None:
        url = _clean(value)
        if url and not url.startswith("#") and not IMAGE_DATA.match(url.lower()):
            raise self._refuse(f'{key}="{url}"', "loads a file or an outside URL")

    def _link(self, key: str, value: str) -> None:
        url = _clean(value)
        scheme = _SCHEME.match(url)
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            raise self._refuse(f'{key}="{url}"', "links to a file or a script")

    def _css(self, text: str) -> None:
        css = _CSS_COMMENT.sub(" ", _unescape_css(text))
        loader = _CSS_LOADERS.search(css)
        if loader:
            raise self._refuse(loader.group(0), "loads an outside style or image")
        for found in _CSS_URL.finditer(css):
            url = next((group for group in found.groups() if group is not None), "")
            self._loaded("url()", url)


def _clean(value: str) -> str:
    """A URL as a browser reads it: tabs and line breaks removed, controls and spaces
    trimmed."""
    return _URL_NOISE.sub("", value).strip(_TRIMMED)


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` as a browser splits it (a URL may hold commas: `data:`)."""
    urls: list[str] = []
    at = 0
    while True:
        at = _SRCSET_GAP.match(value, at).end()  # type: ignore[union-attr]
        if at >= len(value):
            return urls
        url = _SRCSET_URL.match(value, at).group()  # type: ignore[union-attr]
        at += len(url)
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # its descriptors, up to the next comma
            comma = value.find(",", at)
            at = len(value) if comma == -1 else comma + 1
        urls.append(url)


def _unescape_css(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(replace, text)


def _animates_link(name: str) -> bool:
    name = name.strip().lower()
    return name.endswith("href") or name in ("src", "style")
