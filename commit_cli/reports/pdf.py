"""Printing an HTML report to PDF with headless Chromium (Debian package `chromium`).

The printer sees only the report. The HTML is checked first (`printable.check_printable`:
no frame, object, embed, script, file or outside URL), and the page handed to the browser
starts with a Content Security Policy that forbids scripts and every outside source
(`printable.with_policy`). The browser runs from a fresh profile in a temporary folder
(which holds nothing but the page), offline (every request goes to a proxy that does not
exist, and no host name resolves), with no extensions, sync, updates, pings or remote fonts,
and with its sandbox, except as root, where Chromium refuses to start without
`--no-sandbox`. Where the system gives Chromium no usable sandbox, printing stops with one
line; `COMMIT_CHROMIUM_NO_SANDBOX=1` prints without it. `COMMIT_CHROMIUM` names the browser
to use; otherwise the first of `BROWSERS` on PATH.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path
from typing import Any

from commit_cli.errors import EnvironmentFailure

BROWSER_ENV_VAR = "COMMIT_CHROMIUM"
NO_SANDBOX_ENV_VAR = "COMMIT_CHROMIUM_NO_SANDBOX"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-remote-fonts",
    "--disable-file-system",
    "--no-pings",
    "--block-new-web-contents",
    "--deny-permission-prompts",
    "--mute-audio",
    # Offline: every request goes to a proxy that is not there (loopback included), and no
    # host name resolves, should one be asked for directly.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
NO_BROWSER = (
    "--format pdf needs headless Chromium, and none was found (install the Debian package"
    " `chromium`, or set COMMIT_CHROMIUM to a Chromium or Chrome binary)"
)
NO_SANDBOX_HERE = (
    "Chromium has no usable sandbox on this system (unprivileged user namespaces may be"
    f" off); set {NO_SANDBOX_ENV_VAR}=1 to print without it"
)


def find_browser() -> str | None:
    """The browser binary to use, or None when there is none."""
    named = os.environ.get(BROWSER_ENV_VAR, "").strip()
    if named:
        return shutil.which(named)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def sandbox_flags() -> tuple[str, ...]:
    """`--no-sandbox` as root (Chromium will not start otherwise) or when asked for by
    COMMIT_CHROMIUM_NO_SANDBOX=1; nothing (the sandbox on) otherwise."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    asked = os.environ.get(NO_SANDBOX_ENV_VAR, "").strip() == "1"
    return ("--no-sandbox",) if as_root or asked else ()


def browser_command(browser: str, profile: Path, *arguments: str) -> list[str]:
    """The command line for one headless, offline run with a fresh profile."""
    return [browser, *FLAGS, *sandbox_flags(), f"--user-data-dir={profile}", *arguments]


def run_browser(arguments: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the browser once, with HOME inside `folder` (it writes there); EnvironmentFailure
    when it cannot be started or does not finish in time."""
    environment = {**os.environ, "HOME": str(folder)}
    try:
        return subprocess.run(
            arguments,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(f"Chromium did not finish within {TIMEOUT_S} s") from None
    except OSError as exc:
        raise EnvironmentFailure(f"cannot run Chromium ({arguments[0]}): {exc.strerror}") from None


def print_to_pdf(html: str, name: str = "report.html") -> bytes:
    """The HTML document printed to PDF (A4, as the report's print stylesheet says), with
    bookmarks that follow its headings and tagged text; the HTML is refused first (one line
    naming `name`) if it would load or run anything. A report with a contents list is
    printed twice: the first print says on which page each heading falls (its bookmarks),
    and the second carries those page numbers in the contents (Chromium has no CSS
    `target-counter`); the numbers fill space already laid out, so no page moves."""
    from commit_cli.reports.printable import check_printable

    check_printable(html, name)
    browser = find_browser()
    if browser is None:
        raise EnvironmentFailure(NO_BROWSER)
    printed = _print_once(browser, html)
    if CONTENTS_ENTRY.search(html) is None:
        return printed
    numbered = with_page_numbers(html, heading_pages(printed))
    return printed if numbered == html else _print_once(browser, numbered)


# A contents entry: the link to a heading and the empty place for its page number.
CONTENTS_ENTRY = re.compile(
    r'<a href="#(?P<id>[^"]+)">(?P<title>[^<]*)</a><span class="page" data-page-of="(?P=id)">'
    r"</span>"
)


def _squeezed(text: str) -> str:
    """A title compared without its spaces (a bookmark's title loses the space where the
    heading's line wrapped)."""
    return "".join(text.split())


def heading_pages(pdf: bytes) -> dict[str, int]:
    """Each bookmark's title (squeezed) and its page number, from 1; the first of equal
    titles wins."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # a bookmark without a page: left unnumbered
                continue
            if page is not None:
                pages.setdefault(_squeezed(str(item.title)), page + 1)

    walk(reader.outline)
    return pages


def with_page_numbers(html: str, pages: dict[str, int]) -> str:
    """The HTML with each contents entry's page number filled in from `pages`."""

    def fill(match: re.Match[str]) -> str:
        page = pages.get(_squeezed(unescape(match.group("title"))))
        if page is None:
            return match.group(0)
        return match.group(0).replace("></span>", f">{page}</span>")

    return CONTENTS_ENTRY.sub(fill, html)


def _print_once(browser: str, html: str) -> bytes:
    from commit_cli.reports.printable import with_policy

    with tempfile.TemporaryDirectory(prefix="commit-pdf-") as temporary:
        folder = Path(temporary)
        page = folder / "report.html"
        page.write_text(with_policy(html), encoding="utf-8")
        output = folder / "report.pdf"
        done = run_browser(
            browser_command(
                browser,
                folder / "profile",
                "--no-pdf-header-footer",
                "--generate-pdf-document-outline",
                "--export-tagged-pdf",
                f"--print-to-pdf={output}",
                page.as_uri(),
            ),
            folder,
        )
        if not output.is_file() or output.stat().st_size == 0:
            if "no usable sandbox" in done.stderr.lower():
                raise EnvironmentFailure(NO_SANDBOX_HERE)
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
            raise EnvironmentFailure(
                f"Chromium could not print the report to PDF (exit {done.returncode}): {reason}"
            )
        return output.read_bytes()
