"""One place that words values for readers: the terminal, reports, exports and history all
call it, so the same value always reads the same (`12,345.6`, `58%`, `120 to 180`, `in
progress`, `partly met`).

The functions here are English's (`language.ENGLISH`); `language.Wording` is the shape a
translation takes, and `labels` holds the label of every member of every closed vocabulary.
Imports only `core`, and nothing heavy: the warm path and `commit --help` may load it.
"""

from commit_cli.wording.language import ENGLISH, NONE, Wording

number = ENGLISH.number
percent = ENGLISH.percent
number_range = ENGLISH.number_range
money = ENGLISH.money
amount = ENGLISH.amount
plural = ENGLISH.plural
days = ENGLISH.days
day = ENGLISH.day
dates = ENGLISH.dates
period = ENGLISH.period
cadence = ENGLISH.cadence
decision = ENGLISH.decision
label = ENGLISH.label
status = ENGLISH.status
milestone_status = ENGLISH.milestone_status
verdict = ENGLISH.verdict
rule = ENGLISH.rule
phase = ENGLISH.phase
kind = ENGLISH.kind

__all__ = [
    "ENGLISH",
    "NONE",
    "Wording",
    "amount",
    "cadence",
    "dates",
    "day",
    "days",
    "decision",
    "kind",
    "label",
    "milestone_status",
    "money",
    "number",
    "number_range",
    "percent",
    "period",
    "phase",
    "plural",
    "rule",
    "status",
    "verdict",
]
