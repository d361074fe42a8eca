"""The HTML checkers the tests use: axe-core (accessibility, run in headless Chromium) and
html-validate (markup). Both are npm packages pinned in `.ci/package.json`; `.ci/run`
installs them with `npm ci --prefix .ci`. Where they are missing, the tests that need them
are skipped with the command that installs them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.reports.pdf import browser_command, find_browser, run_browser

NODE_MODULES = REPO / ".ci" / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
HTML_VALIDATE = NODE_MODULES / ".bin" / "html-validate"
INSTALL = "npm ci --prefix .ci (.ci/run does)"

needs_axe = pytest.mark.skipif(
    not AXE_SCRIPT.is_file() or find_browser() is None,
    reason=f"axe-core needs headless Chromium and .ci/node_modules: apt-get install chromium;"
    f" {INSTALL}",
)
needs_html_validate = pytest.mark.skipif(
    not HTML_VALIDATE.is_file() or shutil.which("node") is None,
    reason=f"html-validate is not installed: {INSTALL}",
)

CSP = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", re.IGNORECASE)
RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.DOTALL)
RUN_AXE = """
axe.run(document, {resultTypes: ['violations']}).then(function (result) {
  var out = document.createElement('pre');
  out.id = 'axe-result';
  out.textContent = JSON.stringify(result.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(' '); })};
  }));
  document.body.appendChild(out);
});
"""


@dataclass(frozen=True)
class Violation:
    """One axe-core rule broken, with the CSS selectors of the elements that break it."""

    id: str
    impact: str
    help: str
    nodes: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.id} ({self.impact}): {self.help} at {', '.join(self.nodes[:5])}"


def axe_violations(html: str) -> list[Violation]:
    """Run axe-core over `html` in headless Chromium and return what it finds.

    The page's own Content Security Policy is taken out of the copy under test (it forbids
    every script, axe-core's included); nothing else of the page changes.
    """
    browser = find_browser()
    assert browser is not None
    folder = Path(tempfile.mkdtemp(prefix="commit-axe-"))
    shutil.copyfile(AXE_SCRIPT, folder / "axe.min.js")
    (folder / "run-axe.js").write_text(RUN_AXE, encoding="utf-8")
    scripts = '<script src="axe.min.js"></script><script src="run-axe.js"></script>'
    page = CSP.sub("", html)
    page = page.replace("</body>", scripts + "</body>") if "</body>" in page else page + scripts
    (folder / "page.html").write_text(page, encoding="utf-8")
    done = run_browser(
        browser_command(
            browser,
            folder / "profile",
            "--allow-file-access-from-files",
            "--virtual-time-budget=60000",
            "--dump-dom",
            (folder / "page.html").as_uri(),
        ),
        folder,
    )
    found = RESULT.search(done.stdout)
    assert found is not None, f"axe-core did not run: {done.stderr[-2000:]}"
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return [
        Violation(item["id"], item["impact"] or "", item["help"], tuple(item["nodes"]))
        for item in json.loads(text)
    ]


def html_validate_errors(html: str) -> list[str]:
    """Run html-validate (its recommended rules) over `html`; one line per error."""
    folder = Path(tempfile.mkdtemp(prefix="commit-html-validate-"))
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    report = folder / "result.json"
    # To a file: Node cuts a large report written to a pipe when the process exits.
    done = subprocess.run(
        [str(HTML_VALIDATE), "--formatter", f"json={report}", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=folder,
    )
    if done.returncode not in (0, 1):
        raise AssertionError(f"html-validate failed to run: {done.stderr[-2000:]}")
    errors = []
    for result in json.loads(report.read_text(encoding="utf-8") or "[]"):
        for message in result["messages"]:
            if message["severity"] == 2:
                where = f"{message['line']}:{message['column']}"
                errors.append(f"{where}: {message['message']} ({message['ruleId']})")
    return errors
