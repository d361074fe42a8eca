"""The HTML checkers find what they are there to find, and pass a page with nothing wrong."""

from __future__ import annotations

from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

CLEAN = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Clean</title></head>'
    "<body><main><h1>Clean</h1><p>Nothing wrong here.</p></main></body></html>"
)
NO_ALT = CLEAN.replace("<p>Nothing wrong here.</p>", '<img src="data:image/png;base64,">')
NO_SCOPE = CLEAN.replace(
    "<p>Nothing wrong here.</p>",
    '<table><caption>Figures</caption><thead><tr><th scope="col">PPC</th>'
    '<th scope="col">Done</th></tr></thead>'
    "<tbody><tr><th>PPC 1</th><td>1</td></tr></tbody></table>",
)


@needs_axe
def test_axe_finds_an_image_with_no_text_alternative_and_passes_a_clean_page() -> None:
    assert axe_violations(CLEAN) == []
    assert [violation.id for violation in axe_violations(NO_ALT)] == ["image-alt"]


@needs_html_validate
def test_html_validate_finds_a_header_cell_with_no_scope_and_passes_a_clean_page() -> None:
    assert html_validate_errors(CLEAN) == []
    errors = html_validate_errors(NO_SCOPE)
    assert len(errors) == 1
    assert "wcag/h63" in errors[0]
