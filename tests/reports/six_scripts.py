"""A small plan whose text is written in the six countries' scripts (and holds markup and
a bidirectional override, which must stay text): for the accessibility, validity and
font tests of the reports."""

from __future__ import annotations

from pathlib import Path

from conftest import HEADER, write_plan

# One phrase per script, as a ministry would write a title or a note.
PHRASES = {
    "Khmer": "វគ្គបណ្តុះបណ្តាលថ្នាក់ជាតិ",
    "Lao": "ການຝຶກອົບຮົມລະດັບຊາດ",
    "Burmese": "အမျိုးသားအဆင့် သင်တန်း",
    "Thai": "การฝึกอบรมระดับชาติ",
    "Vietnamese": "Khóa đào tạo cấp quốc gia",
    "Chinese": "国家级培训班",
}


def six_script_ppc(phrases: dict[str, str]) -> str:
    """A PPC whose text holds each of `phrases` (a script's name to a phrase in it; a
    script left out is written in English)."""
    say = {script: phrases.get(script, f"{script} text") for script in PHRASES}
    every = " · ".join(say.values())
    return f"""\
id: ppc-1
label: PPC 1
title: {say["Chinese"]} {say["Vietnamese"]}
short_title: {say["Thai"]}
activities: [act-1, act-2]
objective: '{every} <script>alert(1)</script> \u202eevil'
milestones:
  - id: ppc1-training
    title: '{every}'
    kind: seminar
    phase: core
    window: 2006-H1
    status: done
    actual: {{start: 2006-03-01, end: 2006-03-02}}
    attended: {{total: 12, women: 5, men: 7, by_country: {{KH: 6, TH: 6}}}}
    outcome: '{say["Khmer"]} {say["Lao"]} {say["Burmese"]}'
    log: [{{date: 2006-03-03, by: សុខ, text: '{every}'}}]
  - id: ppc1-follow-up
    title: '{say["Burmese"]} {say["Lao"]}'
    kind: meeting
    phase: follow_up
    window: 2006-H2
indicators:
  - id: ppc1-trained
    title: '{say["Khmer"]}'
    unit: people
    baseline: 0
    target: 12
    values: {{2006-H1: {{KH: 6, TH: 6}}}}
updates:
  2006-H1:
    progress: '{every}'
    obstacles: ['{say["Vietnamese"]}']
    next_steps: ['{say["Chinese"]}']
evaluation: '{say["Lao"]}'
"""


def six_script_plan(root: Path, phrases: dict[str, str] = PHRASES) -> Path:
    """The plan folder (under `root`) with the six-script PPC (`phrases`: the scripts it
    holds, all six unless said)."""
    return write_plan(root, HEADER, {"ppc-01": six_script_ppc(phrases)})
