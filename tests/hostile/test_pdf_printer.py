"""The PDF printer sees only the report: HTML that would make the browser load or run
anything (a frame, an object, a script, a file of the machine, an outside URL) is refused in
one line before a browser starts, and the browser itself runs offline, from a temporary
profile, under a Content Security Policy that blocks what a check might miss."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from hostile_helpers import assert_one_clear_line, run_commit
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports import pdf, printable
from commit_cli.reports.printable import NotPrintable, check_printable, with_policy

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>r</title>{head}</head><body>{body}</body></html>'
)

# Each row: what goes in the page's head or body, and a word of the one line refusing it.
REFUSED = [
    ('<iframe src="report.html"></iframe>', "<iframe>"),
    ("<IFRAME SRC=x></IFRAME>", "<iframe>"),
    ('<frameset><frame src="file:///etc/passwd"></frameset>', "<frame"),
    ('<object data="file:///etc/passwd"></object>', "<object>"),
    ('<embed src="file:///etc/passwd">', "<embed>"),
    ('<applet code="x"></applet>', "<applet>"),
    ('<portal src="https://example.org"></portal>', "<portal>"),
    ("<script>fetch('file:///etc/passwd')</script>", "<script>"),
    ("<svg><script>alert(1)</script></svg>", "<script>"),
    ('<base href="file:///">', "<base>"),
    ('<link rel="stylesheet" href="https://example.org/x.css">', "<link>"),
    ('<meta http-equiv="refresh" content="0;url=file:///etc/passwd">', "refresh"),
    ("<!--><iframe src=file:///etc/passwd>-->", "<iframe>"),
    ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
    ('<img src="FILE:///etc/passwd">', "FILE:///etc/passwd"),
    ('<img src="&#102;ile:///etc/passwd">', "file:///etc/passwd"),
    ('<img src=" fi\tle:///etc/passwd">', "file:///etc/passwd"),
    ('<img src="https://example.org/pixel.png">', "https://example.org"),
    ('<img src="//example.org/pixel.png">', "//example.org"),
    ('<img src="secret.png">', "secret.png"),
    ('<img srcset="data:image/png;base64,AA 1x, https://example.org/x.png 2x">', "example.org"),
    ('<video poster="https://example.org/p.png"></video>', "poster="),
    ('<audio src="file:///dev/urandom"></audio>', "file:///dev/urandom"),
    ('<picture><source srcset="file:///etc/passwd"></picture>', "file:///etc/passwd"),
    ('<input type="image" src="https://example.org/x">', "example.org"),
    ('<form action="https://example.org/collect"><button>x</button></form>', "action="),
    ('<button formaction="https://example.org/x">x</button>', "formaction="),
    ('<table background="file:///etc/passwd"></table>', "background="),
    ('<svg><image href="file:///etc/passwd"/></svg>', "file:///etc/passwd"),
    ('<svg><use xlink:href="https://example.org/s.svg#a"/></svg>', "example.org"),
    ('<svg><filter><feImage href="file:///etc/passwd"/></filter></svg>', "file:///etc/passwd"),
    ('<svg><a><set attributeName="href" to="file:///etc/passwd"/></a></svg>', "changes a link"),
    ("<style>@import url(x.css);</style>", "@import"),
    ('<style>@\\69mport "x.css";</style>', "@import"),
    ("<style>body{background:url(file:///etc/passwd)}</style>", "file:///etc/passwd"),
    ("<style>b{background:u\\72l(https://example.org/x)}</style>", "example.org"),
    ("<style>b{background:url( 'https://example.org/x' )}</style>", "example.org"),
    ("<style>@font-face{font-family:x;src:url(https://example.org/f.woff)}</style>", "example.org"),
    ('<style>b{background:image-set("x.png" 1x)}</style>', "image-set("),
    ('<p style="background-image:url(file:///etc/passwd)">x</p>', "file:///etc/passwd"),
    ('<svg><rect filter="url(file:///tmp/f.svg#f)"/></svg>', "file:///tmp/f.svg#f"),
    ('<svg><rect fill="u\\72l(https://example.org/p.svg#p)"/></svg>', "example.org"),
    ("<svg><path mask=\"url('https://example.org/m.svg#m')\"/></svg>", "example.org"),
    ('<a href="file:///etc/passwd">x</a>', "file:///etc/passwd"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="data:text/html,<p>x</p>">x</a>', "data:text/html"),
    ('<body onload="alert(1)">', "onload="),
    ('<p onclick="x()">x</p>', "onclick="),
    ('<meta http-equiv="set-cookie" content="a=b">', "set-cookie"),
    # where the check and the browser would read the markup differently (HTML5's rules)
    ('<!--><img src="file:///etc/passwd">-->', "file:///etc/passwd"),
    ('<!---><img src="file:///etc/passwd">-->', "file:///etc/passwd"),
    ('<!-- x --!><img src="file:///etc/passwd">-->', "file:///etc/passwd"),
    ('<![CDATA[ > <img src="file:///etc/passwd"> ]]>', "file:///etc/passwd"),
    ('<svg><style><img src="file:///etc/passwd"></style></svg>', "file:///etc/passwd"),
    ('<math><style><img src="file:///etc/passwd"></style></math>', "file:///etc/passwd"),
    ('<svg><style>@&#105;mport "x.css";</style></svg>', "@import"),
    ("<svg><style>rect{fill:u&#114;l(file:///etc/passwd)}</style></svg>", "file:///etc/passwd"),
]


@pytest.mark.parametrize(("markup", "expected"), REFUSED, ids=[row[0][:50] for row in REFUSED])
def test_html_that_would_load_or_run_anything_is_refused(markup: str, expected: str) -> None:
    html = PAGE.format(head="", body=markup) if "<body" not in markup else markup
    with pytest.raises(NotPrintable) as refused:
        check_printable(html, "summary.html.j2")
    message = refused.value.message
    assert message.startswith("summary.html.j2: not printed to PDF: "), message
    assert expected in message, message
    assert "\n" not in message, message


ALLOWED = [
    '<a href="https://example.org/report.pdf">report</a>',
    '<a href="reports/ppc-1.pdf">report</a>',
    '<a href="#ppc-1">PPC 1</a>',
    '<a href="mailto:secretariat@example.org">mail</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<svg><defs><linearGradient id="g"/></defs><use href="#g"/></svg>',
    "<style>.x{fill:url(#g)} p{color:#333}</style>",
    '<svg><rect fill="url(#g)" style="stroke:url(#g)"/></svg>',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
    "<p>plan text: file:///etc/passwd &lt;iframe src=x&gt; javascript:alert(1)</p>",
]


@pytest.mark.parametrize("markup", ALLOWED, ids=[row[:40] for row in ALLOWED])
def test_a_self_contained_page_is_printable(markup: str) -> None:
    check_printable(PAGE.format(head="", body=markup), "summary.html.j2")


@pytest.mark.parametrize("kind", [["summary", "--period", "2006-H1"], ["ppc", "ppc-1"], ["final"]])
def test_every_default_report_is_printable(kind: list[str]) -> None:
    result = CliRunner().invoke(app, ["report", *kind, "-f", "html", "--plan", str(REPO / "plan")])
    assert result.exit_code == 0, result.output
    check_printable(result.output, "x.html.j2")


# As a real process: a template from a pull request asks for the machine's files; the PDF
# is refused before any browser runs, in one line, and nothing is written.
TEMPLATES = [
    '<!DOCTYPE html><html><body><iframe src="file:///etc/passwd"></iframe></body></html>',
    '<!DOCTYPE html><html><body><img src="file:///etc/passwd"></body></html>',
    "<html><head><style>@import 'https://example.org/x.css';</style></head></html>",
    '<html><body><object data="https://example.org/x.swf"></object></body></html>',
]


@pytest.mark.parametrize("template", TEMPLATES, ids=[row[-40:] for row in TEMPLATES])
def test_a_report_that_would_load_anything_is_not_printed(plan_dir: Path, template: str) -> None:
    repository = plan_dir.parent
    (repository / "templates").mkdir()
    (repository / "templates" / "summary.html.j2").write_text(template, encoding="utf-8")
    (repository / "out").mkdir()
    run = run_commit(
        "report", "summary", "--period", "2006-H1", "-f", "pdf", "-o", "out/", cwd=repository,
        env={"COMMIT_CHROMIUM": "/nonexistent/browser"},
    )  # fmt: skip
    assert_one_clear_line(run, 1, "summary.html.j2: not printed to PDF")
    assert list((repository / "out").iterdir()) == []


def test_the_policy_comes_first_after_the_doctype() -> None:
    html = "<!DOCTYPE html>\n<html><head><title>t</title></head><body>x</body></html>"
    page = with_policy(html)
    assert page.startswith("<!DOCTYPE html>" + printable.HEAD + "\n<html>")
    assert with_policy("<p>x</p>") == printable.HEAD + "<p>x</p>"
    assert "script-src 'none'" in printable.POLICY
    assert "default-src 'none'" in printable.POLICY


def test_the_browser_runs_offline_and_sandboxed_unless_root(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    command = pdf.browser_command("chromium", tmp_path / "profile", "page.html")
    assert "--proxy-server=http://127.0.0.1:9" in command
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in command
    assert f"--user-data-dir={tmp_path / 'profile'}" in command
    assert "--disable-web-security" not in command
    assert "--allow-file-access-from-files" not in (command)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv(pdf.NO_SANDBOX_ENV_VAR, raising=False)
    assert "--no-sandbox" not in pdf.browser_command("chromium", tmp_path, "x")
    monkeypatch.setenv(pdf.NO_SANDBOX_ENV_VAR, "1")
    assert "--no-sandbox" in pdf.browser_command("chromium", tmp_path, "x")
    monkeypatch.delenv(pdf.NO_SANDBOX_ENV_VAR)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--no-sandbox" in pdf.browser_command("chromium", tmp_path, "x")


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on loopback that records every request it gets."""
    requests: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_browser() is None, reason="no headless Chromium here")
def test_what_a_check_would_miss_the_browser_does_not_load(
    monkeypatch: pytest.MonkeyPatch, listener: tuple[str, list[str]]
) -> None:
    address, requests = listener
    body = (
        f'<img src="{address}/img"><iframe src="{address}/frame"></iframe>'
        f'<object data="{address}/object"></object><link rel="stylesheet" href="{address}/css">'
        f"<script>fetch('{address}/script')</script><img src=\"file:///etc/hostname\">"
        f"<style>p{{background:url({address}/background)}}</style><p>printed</p>"
    )
    monkeypatch.setattr("commit_cli.reports.printable.check_printable", lambda html, name: None)
    document = pdf.print_to_pdf(PAGE.format(head="", body=body))
    assert document.startswith(b"%PDF-")
    assert requests == []
