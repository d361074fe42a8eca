"""The cells every view shares: the styles of statuses and verdicts, and a status, a verdict,
a window and a bar as terminal text. Every value reads as `commit_cli.wording` words it, so
the terminal says what reports say; styles only add colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from commit_cli import wording
from commit_cli.core.periods import Span
from commit_cli.core.vocabulary import Status, Verdict

if TYPE_CHECKING:
    from commit_cli.query.rows import MilestoneRef

BAR_WIDTH = 10

STATUS_STYLES: dict[str, str] = {
    Status.done: "green",
    Status.in_progress: "yellow",
    Status.planned: "cyan",
    Status.postponed: "magenta",
    Status.cancelled: "dim",
}
OVERDUE_STYLE = "bold red"
VERDICT_STYLES: dict[str, str] = {
    Verdict.met: "green",
    Verdict.partly_met: "yellow",
    Verdict.not_met: OVERDUE_STYLE,
}


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def status_text(ref: MilestoneRef, mark_overdue: bool = True) -> Text:
    if ref.overdue and not mark_overdue:
        return Text(wording.status(ref.status), style=STATUS_STYLES.get(ref.status, ""))
    style = OVERDUE_STYLE if ref.overdue else STATUS_STYLES.get(ref.status, "")
    return Text(ref.status_label, style=style)


def verdict_text(verdict: Verdict) -> Text:
    return Text(wording.verdict(verdict), style=VERDICT_STYLES.get(verdict, "dim"))


def window_text(window: Span | None) -> str:
    return wording.period(window) if window is not None else "(no window)"


def and_more(shown: int, total: int) -> Text | None:
    if total <= shown:
        return None
    return Text(f"… and {wording.number(total - shown)} more", style="dim")
