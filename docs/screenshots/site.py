"""Screenshots of the demo's site, as the README and docs/site.md show them
(docs/site-home.png, docs/site-ppc.png).

    python docs/screenshots/site.py                     # 2007-06-30, PPC 8, into docs/
    python docs/screenshots/site.py --as-of 2006-12-31 --ppc ppc-3 -o /tmp/shots

It makes the demo repository (`commit demo`) in a temporary folder, builds its site as known
on the day (`commit site --as-of`), and has headless Chromium, offline and with a fresh
profile (commit_cli/reports/pdf.py's command line), take a screenshot of the top of the
home page and of one PPC's page. The default day is late in the plan, when it is lively:
work done, in progress, overdue, postponed and cancelled. The default PPC has some of each.
Exit 3 when there is no Chromium. Look at the images before committing them: they are
pictures for people, not build outputs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
WINDOW = "1280,900"  # pixels: a laptop's screen, the figures and the first table legible
PICTURES = {"site-home.png": "index.html", "site-ppc.png": "ppc/{ppc}.html"}


def commit(*arguments: str, folder: Path) -> None:
    """One `commit` command, run in `folder`, its report to the terminal kept quiet."""
    subprocess.run(
        [sys.executable, "-m", "commit_cli", *arguments],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_site(work: Path, as_of: str) -> Path:
    """The demo repository's site, as known on `as_of`, in `work/public`."""
    commit("demo", "demo", folder=work)
    public = work / "public"
    commit("site", "-o", str(public), "--as-of", as_of, folder=work / "demo")
    return public


def screenshot(browser: str, page: Path, out: Path, work: Path) -> None:
    """The top of `page`, as a browser window of WINDOW shows it, in `out` (PNG)."""
    from commit_cli.reports.pdf import browser_command, run_browser

    profile = work / f"profile-{out.stem}"
    done = run_browser(
        browser_command(
            browser,
            profile,
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
    parser.add_argument("--as-of", default="2007-06-30", help="the day the site is built for")
    parser.add_argument("--ppc", default="ppc-8", help="the PPC whose page is shown")
    parser.add_argument("-o", "--output", type=Path, default=DOCS, help="folder for the PNGs")
    args = parser.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("no Chromium: apt-get install chromium (or set COMMIT_CHROMIUM)", file=sys.stderr)
        return 3
    out = args.output.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="commit-shot-") as scratch:
        work = Path(scratch)
        public = build_site(work, args.as_of)
        pages = {name: public / page.format(ppc=args.ppc) for name, page in PICTURES.items()}
        for source in pages.values():
            if not source.is_file():
                raise SystemExit(f"the site has no page {source.relative_to(public)}")
        for name, source in pages.items():
            screenshot(browser, source, out / name, work)
            print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
