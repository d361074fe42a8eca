"""A screenshot of a translated report, as the README and docs/reports.md show it
(docs/summary-2006-H1-th.png).

    python docs/screenshots/report.py                   # Thai, 2006-H1, into docs/
    python docs/screenshots/report.py --lang km --period 2006-H2 -o /tmp/shots

It makes the demo repository (`commit demo`) in a temporary folder, renders its summary
report for the period in the language as HTML (`commit report summary --lang`), and has
headless Chromium, offline and with a fresh profile (commit_cli/reports/pdf.py's command
line), take a screenshot of the top of the page: the headings, figures and sentences of the
summary in the language, the plan's own text as written. Exit 3 when there is no Chromium.
Look at the image before committing it: it is a picture for people, not a build output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
WINDOW = "1280,900"  # pixels: a laptop's screen, the summary's sentences and figures legible


def commit(*arguments: str, folder: Path) -> None:
    """One `commit` command, run in `folder`, its report to the terminal kept quiet."""
    subprocess.run(
        [sys.executable, "-m", "commit_cli", *arguments],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def render_report(work: Path, period: str, language: str) -> Path:
    """The demo's summary report for `period` in `language`, as HTML in `work`."""
    commit("demo", "demo", folder=work)
    page = work / f"summary-{period}-{language}.html"
    commit(
        "report",
        "summary",
        "--period",
        period,
        "--lang",
        language,
        "-o",
        str(page),
        folder=work / "demo",
    )
    return page


def screenshot(browser: str, page: Path, out: Path, work: Path) -> None:
    """The top of `page`, as a browser window of WINDOW shows it, in `out` (PNG)."""
    from commit_cli.reports.pdf import browser_command, run_browser

    done = run_browser(
        browser_command(
            browser,
            work / "profile",
            "--hide-scrollbars",
            f"--window-size={WINDOW}",
            f"--screenshot={out}",
            page.as_uri(),
        ),
        work,
    )
    if not out.is_file() or out.stat().st_size == 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
        raise SystemExit(f"Chromium took no screenshot of {page.name}: {reason}")


def main(argv: list[str] | None = None) -> int:
    from commit_cli.reports.pdf import find_browser

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lang", default="th", help="the report's language (km, lo, my, th, vi, zh)"
    )
    parser.add_argument("--period", default="2006-H1", help="the reporting period")
    parser.add_argument("-o", "--output", type=Path, default=DOCS, help="folder for the PNG")
    args = parser.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("no Chromium: apt-get install chromium (or set COMMIT_CHROMIUM)", file=sys.stderr)
        return 3
    out = args.output.resolve()
    out.mkdir(parents=True, exist_ok=True)
    picture = out / f"summary-{args.period}-{args.lang}.png"
    with tempfile.TemporaryDirectory(prefix="commit-shot-") as scratch:
        work = Path(scratch)
        screenshot(browser, render_report(work, args.period, args.lang), picture, work)
    print(f"wrote {picture}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
