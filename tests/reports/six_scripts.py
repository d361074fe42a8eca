"""A small plan whose text is written in the six countries' scripts (and holds markup and
a bidirectional override, which must stay text): for the accessibility, validity and
font tests of the reports."""

from __future__ import annotations

from pathlib import Path

from conftest import HEADER, PPC_1, write_plan

# One phrase per script, as a ministry would write a title or a note.
PHRASES = {
    "Khmer": "វគ្គបណ្តុះបណ្តាលថ្នាក់ជាតិ",
    "Lao": "ການຝຶກອົບຮົມລະດັບຊາດ",
    "Burmese": "အမျိုးသားအဆင့် သင်တန်း",
    "Thai": "การฝึกอบรมระดับชาติ",
    "Vietnamese": "Khóa đào tạo cấp quốc gia",
    "Chinese": "国家级培训班",
}
ALL_SCRIPTS = " · ".join(PHRASES.values())

SIX_SCRIPT_PPC = f"""\
id: ppc-1
label: PPC 1
title: {PHRASES["Chinese"]} {PHRASES["Vietnamese"]}
short_title: {PHRASES["Thai"]}
activities: [act-1, act-2]
objective: '{ALL_SCRIPTS} <script>alert(1)</script> \u202eevil'
milestones:
  - id: ppc1-training
    title: '{ALL_SCRIPTS}'
    kind: seminar
    phase: core
    window: 2006-H1
    status: done
    actual: {{start: 2006-03-01, end: 2006-03-02}}
    attended: {{total: 12, women: 5, men: 7, by_country: {{KH: 6, TH: 6}}}}
    outcome: '{PHRASES["Khmer"]} {PHRASES["Lao"]} {PHRASES["Burmese"]}'
    log: [{{date: 2006-03-03, by: សុខ, text: '{ALL_SCRIPTS}'}}]
  - id: ppc1-follow-up
    title: '{PHRASES["Burmese"]} {PHRASES["Lao"]}'
    kind: meeting
    phase: follow_up
    window: 2006-H2
indicators:
  - id: ppc1-trained
    title: '{PHRASES["Khmer"]}'
    unit: people
    baseline: 0
    target: 12
    values: {{2006-H1: {{KH: 6, TH: 6}}}}
updates:
  2006-H1:
    progress: '{ALL_SCRIPTS}'
    obstacles: ['{PHRASES["Vietnamese"]}']
    next_steps: ['{PHRASES["Chinese"]}']
evaluation: '{PHRASES["Lao"]}'
"""

assert PPC_1.startswith("# PPC 1")


def six_script_plan(root: Path) -> Path:
    """The plan folder (under `root`) with the six-script PPC."""
    return write_plan(root, HEADER, {"ppc-01": SIX_SCRIPT_PPC})
