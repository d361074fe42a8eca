"""Printing an HTML report to PDF with headless Chromium (Debian package `chromium`).

The browser runs with a fresh profile in a temporary folder, no sandbox (it may run as root
in CI), no network services (no sync, updates or QUIC), and reads the report from a local
file; the report itself loads nothing (no script, no external request). `COMMIT_CHROMIUM`
names the browser to use; otherwise the first of `BROWSERS` on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from commit_cli.errors import EnvironmentFailure

BROWSER_ENV_VAR = "COMMIT_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
)
NO_BROWSER = (
    "--format pdf needs headless Chromium, and none was found (install the Debian package"
    " `chromium`, or set COMMIT_CHROMIUM to a Chromium or Chrome binary)"
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


def browser_command(browser: str, profile: Path, *arguments: str) -> list[str]:
    """The command line for one headless run with a fresh profile."""
    return [browser, *FLAGS, f"--user-data-dir={profile}", *arguments]


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


def print_to_pdf(html: str) -> bytes:
    """The HTML document printed to PDF (A4, as the report's print stylesheet says)."""
    browser = find_browser()
    if browser is None:
        raise EnvironmentFailure(NO_BROWSER)
    with tempfile.TemporaryDirectory(prefix="commit-pdf-") as temporary:
        folder = Path(temporary)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        output = folder / "report.pdf"
        done = run_browser(
            browser_command(
                browser,
                folder / "profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={output}",
                page.as_uri(),
            ),
            folder,
        )
        if not output.is_file() or output.stat().st_size == 0:
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
            raise EnvironmentFailure(
                f"Chromium could not print the report to PDF (exit {done.returncode}): {reason}"
            )
        return output.read_bytes()
