"""Every status label in the HTML reports is readable: its text on its background meets WCAG AA
(a contrast ratio of at least 4.5:1, the bar for small text), read from the CSS the reports ship.
"""

from __future__ import annotations

import re

import pytest

from commit_cli.reports.templates import default_templates_dir

BASE = default_templates_dir() / "_base.html.j2"
AA_SMALL_TEXT = 4.5

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*\)")


def _css() -> str:
    text = BASE.read_text(encoding="utf-8")
    match = re.search(r"<style>(.*?)</style>", text, re.S)
    assert match, f"{BASE} has no <style> block"
    return match.group(1)


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """Top-level rules as (selectors, declarations); @media blocks' inner rules come too."""
    rules = []
    for selectors, body in _RULE.findall(css):
        names = [s.strip() for s in selectors.split("@media")[0].split(",") if s.strip()]
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                key, value = declaration.split(":", 1)
                declarations[key.strip()] = value.strip()
        rules.append((names, declarations))
    return rules


def _declarations(rules: list[tuple[list[str], dict[str, str]]], selector: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for names, declarations in rules:
        if selector in names:
            merged.update(declarations)
    return merged


def _colour(value: str, variables: dict[str, str]) -> str:
    while (found := _VAR.fullmatch(value)) is not None:
        value = variables[found.group(1)]
    assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value), f"not a hex colour: {value}"
    digits = value[1:]
    return "".join(d * 2 for d in digits) if len(digits) == 3 else digits


def relative_luminance(hex_rgb: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour written as six hex digits."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_rgb[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_matches_known_wcag_ratios() -> None:
    assert contrast_ratio("000000", "ffffff") == pytest.approx(21.0)
    assert contrast_ratio("ffffff", "ffffff") == pytest.approx(1.0)
    assert contrast_ratio("ffffff", "767676") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast_ratio("ffffff", "777777") < AA_SMALL_TEXT


def _status_labels() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for the plain label and every `.status.X` label;
    a label's colour falls back to the plain label's, then to the body's."""
    rules = _rules(_css())
    variables = _declarations(rules, ":root")
    body = _declarations(rules, "body")
    plain = _declarations(rules, ".status")
    selectors = sorted(
        {name for names, _ in rules for name in names if re.fullmatch(r"\.status\.[\w-]+", name)}
    )
    labels = []
    for selector in [".status", *selectors]:
        own = {**plain, **_declarations(rules, selector)}
        text = own.get("color", body.get("color", "#000"))
        background = own.get("background", body.get("background", "#fff"))
        labels.append((selector, _colour(text, variables), _colour(background, variables)))
    return labels


def test_the_css_has_the_status_labels_the_reports_use() -> None:
    selectors = {selector for selector, _, _ in _status_labels()}
    expected = {".status.done", ".status.in_progress", ".status.postponed", ".status.cancelled"}
    assert expected <= selectors


@pytest.mark.parametrize(("selector", "text", "background"), _status_labels())
def test_every_status_label_meets_wcag_aa(selector: str, text: str, background: str) -> None:
    ratio = contrast_ratio(text, background)
    assert ratio >= AA_SMALL_TEXT, f"{selector}: #{text} on #{background} is {ratio:.2f}:1"
