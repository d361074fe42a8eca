"""The cells every view shares: the styles of statuses and verdicts, and a number, a share,
a status, a verdict, a window and a count of days as terminal text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from commit_cli.core.periods import Span, span_label

if TYPE_CHECKING:
    from commit_cli.query.index import MilestoneRef

BAR_WIDTH = 10

STATUS_STYLES = {
    "done": "green",
    "in_progress": "yellow",
    "planned": "cyan",
    "postponed": "magenta",
    "cancelled": "dim",
}
OVERDUE_STYLE = "bold red"
VERDICT_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met"}
VERDICT_STYLES = {"met": "green", "partly_met": "yellow", "not_met": OVERDUE_STYLE}


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def status_text(ref: MilestoneRef, mark_overdue: bool = True) -> Text:
    if ref.overdue and not mark_overdue:
        return Text(ref.status.replace("_", " "), style=STATUS_STYLES.get(ref.status, ""))
    style = OVERDUE_STYLE if ref.overdue else STATUS_STYLES.get(ref.status, "")
    return Text(ref.status_label, style=style)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def verdict_text(verdict: str | None) -> Text:
    if verdict is None:
        return Text("–")
    return Text(VERDICT_WORDS.get(verdict, verdict), style=VERDICT_STYLES.get(verdict, ""))


def window_text(window: Span | None) -> str:
    return span_label(window) if window is not None else "(no window)"


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def and_more(shown: int, total: int) -> Text | None:
    if total <= shown:
        return None
    return Text(f"… and {total - shown} more", style="dim")
