"""axe-core finds no violation on any kind of page of the site, and html-validate no error
(the demo plan, with every status, chart and list filled)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from site_helpers import build
from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

pytestmark = pytest.mark.slow

KINDS = [
    "index.html",
    "ppc/ppc-6.html",
    "milestone/ppc6-followon-seminar.html",
    "indicator/pp12-ind-annual-soms.html",
    "country/KH.html",
    "period/2007-H1.html",
    "a-z.html",
    "search.html",
]


@pytest.fixture(scope="module")
def site(demo_at_period: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site") / "public"
    build(demo_at_period("2007-H1") / "plan", root, "--as-of", "2007-06-30")
    return root


@needs_axe
@pytest.mark.parametrize("name", KINDS)
def test_no_axe_violation(site: Path, name: str) -> None:
    violations = axe_violations((site / name).read_text("utf-8"))
    assert [str(v) for v in violations] == []


@needs_html_validate
@pytest.mark.parametrize("name", KINDS)
def test_valid_html(site: Path, name: str) -> None:
    assert html_validate_errors((site / name).read_text("utf-8")) == []
