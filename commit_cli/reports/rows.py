"""The long lists of a report (Annex A, the milestones planned next, the slips and
obstacles, the milestones done and under way, the chart's rows), one row at a time in
Python.

A 10k summary prints about 13,000 such rows. Written as macros, each row cost several macro
calls and a sandbox round (checked, counted, escaped) per cell: about two thirds of the
rendering time. Here each row is one filter call that returns the row's markup, every
piece of plan text in it escaped for the format by the same functions `{{ value }}` prints
with (`render.md_escape`, markupsafe's `escape`), every label worded by the same `Wording`
as the templates' filters and `_()`. The rows are byte for byte what the macros of
`templates/_macros.*.j2` made (the golden reports hold them).

The filters (`row_filters`) take the entries templates already hold (`d.title`, `d.id`,
...; the keys do not change): a template can still write its own row from them. What a
template overriding `_macros` changes is documented in docs/reports.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from commit_cli.wording import Wording

Entry = dict[str, Any]

_HTML_SPECIAL = re.compile("[&<>\"']")  # what markupsafe's `escape` replaces in a text


def row_filters(
    output_format: str,
    words: Wording,
    markdown: MarkdownEscaping,
    shown: Callable[[Any], Any] | None = None,
) -> dict[str, Callable[..., Any]]:
    """The row filters of one format, speaking `words`; a Markdown row's text escaped by
    `markdown`, the functions `{{ value }}` and the filters of a Markdown template use (given
    by `render.environment`, which owns them); an HTML row's plan text first `shown` when
    the environment's `{{ value }}` shows it so (the site's)."""
    if output_format == "html":
        return HtmlRows(words, shown).filters()
    return MarkdownRows(words, markdown).filters()


@dataclass(frozen=True)
class MarkdownEscaping:
    """`render`'s Markdown escaping: of text, an id (`code`), a link target, a chart name."""

    text: Callable[[Any], str]
    code: Callable[[Any], Markup]
    url: Callable[[Any], Markup]
    mermaid: Callable[[Any], Markup]


class _Rows:
    """What both formats share: the words, and plan text escaped for the format."""

    def __init__(self, words: Wording) -> None:
        self.words = words
        self.day = words.day
        self.number = words.number

    def text(self, value: Any) -> str:  # what `{{ value }}` prints
        raise NotImplementedError

    def _reason(self) -> str:
        return self._("Reason:")

    def by_country(self, values: list[Entry], text: Callable[[Any], str]) -> str:
        """An indicator's value in the period by country, as its table writes it:
        `KH 12, TH 30`, each text through `text` (the format's escaping)."""
        return ", ".join(f"{text(c['code'])} {text(self.number(c['value']))}" for c in values)

    def judged(self, judged: Entry, text: Callable[[Any], str]) -> str:
        """The figure an indicator is judged by, as its table writes it (each format's
        `figure` macro): the value and what it is, with its share of the target where there
        is one, each text through `text` (the format's escaping); "–" without a value."""
        if judged["value"] is None:
            return "–"
        figure = f"{text(self.number(judged['value']))} ({text(judged['label'])}"
        if judged["percent_of_target"] is not None:
            figure += ", " + self._(
                "%(percent)s of target", percent=self.words.percent(judged["percent_of_target"])
            )
        return figure + ")"

    def _(self, message: str, **fields: Any) -> str:
        """`_()` of the templates: the catalog's message, each field as `{{ }}` prints it
        (markup made here, already escaped, as it is)."""
        return self.words.gettext(message) % {
            name: value if type(value) is Markup else self.text(value)
            for name, value in fields.items()
        }


class MarkdownRows(_Rows):
    """The rows of `summary.md.j2`."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "annex_row": self.annex_row,
            "next_row": self.next_row,
            "slip_row": self.slip_row,
            "done_row": self.done_row,
            "under_way_item": self.under_way_item,
            "overdue_item": self.overdue_item,
            "postponed_item": self.postponed_item,
            "cancelled_item": self.cancelled_item,
            "gantt_row": self.gantt_row,
            **many(
                {
                    "annex_rows": self.annex_row,
                    "next_rows": self.next_row,
                    "slip_rows": self.slip_row,
                    "done_rows": self.done_row,
                    "under_way_items": self.under_way_item,
                    "overdue_items": self.overdue_item,
                    "postponed_items": self.postponed_item,
                    "cancelled_items": self.cancelled_item,
                }
            ),
            "gantt_rows": lambda rows: blocks(map(self.gantt_row, rows), ""),
            "indicator_row": self.indicator_row,
            "indicator_rows": lambda rows: blocks(map(self.indicator_row, rows)),
        }

    def __init__(self, words: Wording, escaping: MarkdownEscaping) -> None:
        super().__init__(words)
        self.md_escape, self.code = escaping.text, escaping.code
        self.md_url, self.mermaid = escaping.url, escaping.mermaid

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if type(value) is Markup:
            return str(value)
        return self.md_escape(value)

    def name(self, d: Entry) -> str:
        return f"{self.text(d['title'])} ({self.code(d['id'])})"

    def window(self, w: Entry | None) -> str:
        return self.text(w["label"]) if w else "–"

    def dates(self, d: Entry) -> str:
        a = d["actual"]
        if a and a["start"] and a["end"] and a["start"] != a["end"]:
            return self.text(self.words.dates(a["start"], a["end"]))
        if a and a["end"]:
            return self.text(self.day(a["end"]))
        if a and a["start"]:
            return self._("from %(day)s", day=self.day(a["start"]))
        return "–"

    def attendance(self, a: Entry | None) -> str:
        if not a:
            return "–"
        text = self.text(self.number(a["total"]))
        if a["women"] is not None or a["men"] is not None:
            text += (
                " ("
                + self._(
                    "%(women)s women, %(men)s men",
                    women=self.number(a["women"]),
                    men=self.number(a["men"]),
                )
                + ")"
            )
        if a["countries"]:
            text += "; " + ", ".join(
                f"{self.text(c['code'])} {self.text(self.number(c['value']))}"
                for c in a["countries"]
            )
        return text

    def report_link(self, r: Entry | None) -> str:
        if r and r["href"]:
            report = self._("report")
            return f"[{report}]({self.md_url(r['href'])})"
        if r:
            return self.text(r["text"])
        return "–"

    def annex_row(self, d: Entry) -> Markup:
        overdue = ", " + self._("overdue") if d["overdue"] else ""
        return Markup(
            f"| {self.name(d)} | {self.text(d['ppc_label'])} | {self.text(d['status_text'])}"
            f"{overdue} | {self.window(d['window'])} | {self.dates(d)} |"
        )

    def next_row(self, d: Entry) -> Markup:
        tentative = " (" + self._("conditional") + ")" if d["tentative"] else ""
        return Markup(
            f"| {self.text(self.day(d['window']['end']))} | {self.name(d)}"
            f" | {self.text(d['ppc_label'])} | {self.text(d['status_text'])}{tentative} |"
        )

    def slip_row(self, s: Entry) -> Markup:
        postponed = s["postponed"]
        slip = postponed["slip_days"]
        return Markup(
            f"| {self.name(s)} | {self.text(s['ppc_label'])}"
            f" | {self.text(self.day(postponed['date']))}"
            f" | {self.window(postponed['from_window'])} | {self.window(s['window'])}"
            f" | {self.text(self.words.days(slip)) if slip is not None else '–'}"
            f" | {self.text(postponed['reason'])} |"
        )

    def done_row(self, d: Entry) -> Markup:
        return Markup(
            f"| {self.name(d)} | {self.dates(d)} | {self.attendance(d['attended'])}"
            f" | {self.text(d['outcome'] or '–')} | {self.report_link(d['report'])} |"
        )

    def under_way_item(self, d: Entry) -> Markup:
        actual = d["actual"]
        since = (
            self._("since %(day)s", day=actual["start"])
            if actual and actual["start"]
            else self._("since an unrecorded day")
        )
        window = d["window"]
        planned = self._("; planned by %(day)s", day=self.day(window["end"])) if window else ""
        return Markup(f"- {self.name(d)}, {since}{planned}")

    def overdue_item(self, d: Entry) -> Markup:
        due = self._("overdue, due %(day)s", day=self.day(d["window"]["end"]))
        late = (
            ", " + self._("%(days)s late", days=self.words.days(d["days_late"]))
            if d["days_late"]
            else ""
        )
        return Markup(f"- {self.name(d)}: {due}{late} ({self.text(d['status_text'])}).")

    def postponed_item(self, d: Entry) -> Markup:
        postponed = d["postponed"]
        moved = self._(
            "postponed on %(day)s from %(old)s to %(new)s",
            day=self.day(postponed["date"]),
            old=Markup(self.window(postponed["from_window"])),
            new=Markup(self.window(d["window"])),
        )
        slip = postponed["slip_days"]
        later = (
            " (" + self._("%(days)s later", days=self.words.days(slip)) + ")"
            if slip is not None
            else ""
        )
        return Markup(
            f"- {self.name(d)}: {moved}{later}. {self._reason()} {self.text(postponed['reason'])}"
        )

    def cancelled_item(self, d: Entry) -> Markup:
        cancelled = self._("cancelled on %(day)s.", day=self.day(d["cancelled"]["date"]))
        return Markup(
            f"- {self.name(d)}: {cancelled} {self._reason()} {self.text(d['cancelled']['reason'])}"
        )

    def indicator_row(self, i: Entry) -> Markup:
        """A row of the summary's table of indicators: the indicator, its baseline and
        target, its value in the period (by country, where recorded so), the one before,
        and the figure judged with its verdict (`_macros.md.j2`'s `target`, `value` and
        `figure`, as the table's loop wrote them)."""
        text, number = self.text, self.number
        target = text(self.words.number_range(i["target"], i["target_max"]))
        if i["target_inferred"]:
            target += " (" + self._("inferred") + ")"
        if i["in_period"]:
            latest = text(number(i["latest"]["value"]))
            if i["by_country"]:
                latest += f" ({self.by_country(i['by_country'], text)})"
        else:
            latest = self._("none")
        before = i["previous"]
        previous = f"{text(number(before['value']))} ({text(before['period'])})" if before else "–"
        figure = self.judged(i["figure"], text)
        return Markup(
            f"| {text(i['title'])} ({text(i['unit'])}) | {text(number(i['baseline']))} →"
            f" {target} | {latest} | {previous} | {figure}: {text(i['verdict_label'])} |"
        )

    def gantt_row(self, row: Entry) -> Markup:
        """A Mermaid task, or nothing for a row without a bar."""
        mermaid_text = self.mermaid
        if not row["bars"]:
            return Markup("")
        bar = row["bars"][-1]
        end = bar["end"] if bar["end"] != bar["start"] else "1d"
        state = (
            "done, "
            if row["done"]
            else "active, "
            if row["in_progress"]
            else "crit, "
            if row["overdue"]
            else ""
        )
        return Markup(
            f"    {mermaid_text(row['short_label'])} :{state}{mermaid_text(bar['start'])},"
            f" {mermaid_text(end)}\n"
        )


class HtmlRows(_Rows):
    """The rows of `_macros.html.j2`'s `milestone_table` and gantt, and of
    `summary.html.j2`'s slips and obstacles."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "milestone_row": self.milestone_row,
            "slip_row": self.slip_row,
            "overdue_item": self.overdue_item,
            "postponed_item": self.postponed_item,
            "cancelled_item": self.cancelled_item,
            "gantt_row": self.gantt_row,
            "gantt_bars": self.gantt_bars,
            **many(
                {
                    "slip_rows": self.slip_row,
                    "overdue_items": self.overdue_item,
                    "postponed_items": self.postponed_item,
                    "cancelled_items": self.cancelled_item,
                }
            ),
            "gantt_rows": lambda rows: blocks(map(self.gantt_row, rows), ""),
            "milestone_rows": self.milestone_rows,
            "indicator_row": self.indicator_row,
            "indicator_rows": lambda rows: blocks(map(self.indicator_row, rows)),
        }

    def __init__(self, words: Wording, shown: Callable[[Any], Any] | None = None) -> None:
        super().__init__(words)
        self._shown = shown

    def escape(self, value: Any) -> str:
        """Plan text as `{{ value }}` prints it in the environment the rows are for: escaped,
        and first `shown` when the environment shows it so (the site makes bidi marks and
        controls visible before escaping). Text with nothing to escape (most ids, days,
        labels and titles) is returned as it is: markupsafe's `escape` would return the
        same characters, at the cost of making them markup."""
        if self._shown is None and type(value) is str and _HTML_SPECIAL.search(value) is None:
            return value
        return str(escape(value if self._shown is None else self._shown(value)))

    def text(self, value: Any) -> str:
        return self.escape(value)

    def name(self, d: Entry) -> str:
        return f"{self.escape(d['title'])} <code>{self.escape(d['id'])}</code>"

    def window(self, w: Entry | None) -> str:
        return str(self.escape(w["label"])) if w else "–"

    def status(self, d: Entry) -> str:
        esc = self.escape
        text = f'<span class="status {esc(d["status"])}">{esc(d["status_text"])}</span>'
        if d["overdue"]:
            late = (
                " " + self._("%(days)s d", days=self.number(d["days_late"]))
                if d["days_late"]
                else ""
            )
            overdue = self._("overdue")
            text += f' <span class="status overdue">{overdue}{late}</span>'
        if d["tentative"]:
            conditional = self._("conditional")
            text += f' <span class="status">{conditional}</span>'
        return text

    def dates(self, d: Entry) -> str:
        a = d["actual"]
        if a and a["start"] and a["end"] and a["start"] != a["end"]:
            return self._(
                "%(start)s to %(end)s", start=self.day(a["start"]), end=self.day(a["end"])
            )
        if a and a["end"]:
            return self.text(self.day(a["end"]))
        if a and a["start"]:
            return self._("from %(day)s", day=self.day(a["start"]))
        return "–"

    def attendance(self, a: Entry | None) -> str:
        if not a:
            return "–"
        text = f"<b>{self.escape(self.number(a['total']))}</b>"
        if a["women"] is not None or a["men"] is not None:
            text += (
                " ("
                + self._(
                    "%(women)s women, %(men)s men",
                    women=self.number(a["women"]),
                    men=self.number(a["men"]),
                )
                + ")"
            )
        if a["countries"]:
            text += (
                "<br><code>"
                + ", ".join(
                    f"{self.escape(c['code'])} {self.escape(self.number(c['value']))}"
                    for c in a["countries"]
                )
                + "</code>"
            )
        return text

    def report_link(self, r: Entry | None) -> str:
        if r and r["href"]:
            report = self._("report")
            return f'<a href="{self.escape(r["href"])}" rel="noopener noreferrer">{report}</a>'
        if r:
            return str(self.escape(r["text"]))
        return "–"

    def milestone_row(self, d: Entry, columns: Iterable[str]) -> Markup:
        """A row of `milestone_table` with `columns` (its macro's argument), each column
        tested with `in` as the macro's header tests it (a text: as a substring). The cells
        kept on one line (the PPC, the planned window, the actual dates) are so by the
        table's class (`nw1` ...), not each by its own: the dates are plain text here, where
        `m.dates` (the site's) marks each day."""
        columns = columns if isinstance(columns, str) else tuple(columns)
        cells = [f'<tr><th scope="row">{self.name(d)}</th>']
        if "ppc" in columns:
            cells.append(f"<td>{self.escape(d['ppc_label'])}</td>")
        if "status" in columns:
            cells.append(f"<td>{self.status(d)}</td>")
        elif "state" in columns:
            overdue = ", <b>" + self._("overdue") + "</b>" if d["overdue"] else ""
            cells.append(f"<td>{self.escape(d['status_text'])}{overdue}</td>")
        if "planned" in columns:
            cells.append(f"<td>{self.window(d['window'])}</td>")
        if "actual" in columns:
            cells.append(f"<td>{self.dates(d)}</td>")
        if "attendance" in columns:
            cells.append(f"<td>{self.attendance(d['attended'])}</td>")
        if "outcome" in columns:
            cells.append(f"<td>{self.escape(d['outcome'] or '–')}</td>")
        if "report" in columns:
            cells.append(f"<td>{self.report_link(d['report'])}</td>")
        cells.append("</tr>")
        return Markup("".join(cells))

    def milestone_rows(
        self, items: Iterable[Entry], columns: Iterable[str], grouped: bool = False
    ) -> list[Markup]:
        """`milestone_table`'s rows, each `milestone_row` on its line (see `blocks`). When
        `grouped`, each run of rows of one PPC opens with a `<tbody>` and a heading row
        (the one before closed first), as the macro's loop wrote them (`loop.changed`); the
        caller closes the last `<tbody>`."""
        columns = columns if isinstance(columns, str) else tuple(columns)
        if not grouped:
            return blocks(self.milestone_row(d, columns) for d in items)
        span = 1 + sum(
            present
            for present in (
                "ppc" in columns,
                "status" in columns or "state" in columns,
                "planned" in columns,
                "actual" in columns,
                "attendance" in columns,
                "outcome" in columns,
                "report" in columns,
            )
        )

        def rows() -> Iterator[str]:
            last: tuple[Any, ...] | None = None
            for d in items:
                label = d["ppc_label"]
                if last is None or last != (label,):
                    closed = "</tbody>\n" if last is not None else ""
                    yield (
                        f'{closed}<tbody>\n<tr class="group"><th scope="rowgroup"'
                        f' colspan="{span}">{self.escape(label)}</th></tr>\n'
                        + str(self.milestone_row(d, columns))
                    )
                else:
                    yield self.milestone_row(d, columns)
                last = (label,)

        return blocks(rows())

    def indicator_row(self, i: Entry) -> Markup:
        """A row of the summary's table of indicators (`_macros.html.j2`'s `target`, `value`
        and `figure`, and `_pictures.html.j2`'s `target_bar`, as the table's loop wrote
        them)."""
        esc, number = self.escape, self.number
        target = esc(self.words.number_range(i["target"], i["target_max"]))
        if i["target_inferred"]:
            why = self._("The plan's text gives no number: this target is inferred")
            target += f' <small title="{why}">({self._("inferred")})</small>'
        if i["in_period"]:
            latest = f"<b>{esc(number(i['latest']['value']))}</b>"
            if i["by_country"]:
                latest += f"<br><small>{self.by_country(i['by_country'], esc)}</small>"
        else:
            latest = self._("none")
        before = i["previous"]
        previous = (
            f"{esc(number(before['value']))} <code>{esc(before['period'])}</code>"
            if before
            else "–"
        )
        figure = self.judged(i["figure"], esc)
        return Markup(
            f'<tr><th scope="row">{esc(i["title"])} <code>{esc(i["unit"])}</code></th>'
            f"<td>{esc(number(i['baseline']))} → {target}</td><td>{latest}</td>"
            f"<td>{previous}</td><td>{self.target_bar(i)}{figure}: <b>{esc(i['verdict_label'])}</b>"
            "</td></tr>"
        )

    def target_bar(self, i: Entry) -> str:
        """`_pictures.html.j2`'s `target_bar`: the figure as a bar, its target marked."""
        b = i["bar"]
        if not b:
            return ""
        esc = self.escape
        figure = f"{self.number(b['value'])} ({b['rule_label']})"  # the template's `~`
        name = f"{esc(i['title'])}: " + self._(
            "%(figure)s against a target of %(target)s",
            figure=figure,
            target=self.words.number_range(b["target"], b["target_max"]),
        )
        if b["percent_of_target"] is not None:
            name += ", " + self._(
                "%(percent)s of target", percent=self.words.percent(b["percent_of_target"])
            )
        target_x = esc(b["target_x"])
        drawn = [
            '<svg class="bar target-bar" viewBox="0 0 100 10" preserveAspectRatio="none"'
            f' role="img" aria-label="{name}"><rect y="2" width="100" height="6" rx="1"/>'
        ]
        if b["range_width"] is not None:
            drawn.append(
                f'<rect class="range" x="{target_x}" width="{esc(b["range_width"])}" height="10"/>'
            )
        drawn.append(
            f'<rect class="value" x="{esc(b["x"])}" y="2" width="{esc(b["width"])}" height="6"'
            f' rx="1"/><line x1="{target_x}" x2="{target_x}" y2="10"/>'
        )
        if b["target_max_x"] is not None:
            most = esc(b["target_max_x"])
            drawn.append(f'<line x1="{most}" x2="{most}" y2="10"/>')
        drawn.append("</svg>")
        return "".join(drawn)

    def slip_row(self, s: Entry) -> Markup:
        postponed = s["postponed"]
        slip = postponed["slip_days"]
        return Markup(
            f'<tr><th scope="row">{self.name(s)}</th>'
            f"<td>{self.escape(s['ppc_label'])}</td>"
            f"<td>{self.escape(self.day(postponed['date']))}</td>"
            f"<td>{self.window(postponed['from_window'])}</td>"
            f"<td>{self.window(s['window'])}</td>"
            f'<td class="n">{self.escape(self.words.days(slip)) if slip is not None else "–"}</td>'
            f"<td>{self.escape(postponed['reason'])}</td></tr>"
        )

    def overdue_item(self, d: Entry) -> Markup:
        due = self._("overdue, due %(day)s", day=self.day(d["window"]["end"]))
        late = (
            ", " + self._("%(days)s late", days=self.words.days(d["days_late"]))
            if d["days_late"]
            else ""
        )
        return Markup(f"<li>{self.name(d)}: {due}{late} ({self.escape(d['status_text'])}).</li>")

    def postponed_item(self, d: Entry) -> Markup:
        postponed = d["postponed"]
        moved = self._(
            "postponed on %(day)s from %(old)s to %(new)s",
            day=self.day(postponed["date"]),
            old=Markup(self.window(postponed["from_window"])),
            new=Markup(self.window(d["window"])),
        )
        slip = postponed["slip_days"]
        later = (
            " (" + self._("%(days)s later", days=self.words.days(slip)) + ")"
            if slip is not None
            else ""
        )
        return Markup(
            f"<li>{self.name(d)}: {moved}{later}. {self._reason()}"
            f" {self.escape(postponed['reason'])}</li>"
        )

    def cancelled_item(self, d: Entry) -> Markup:
        cancelled = self._("cancelled on %(day)s.", day=self.day(d["cancelled"]["date"]))
        return Markup(
            f"<li>{self.name(d)}: {cancelled} {self._reason()}"
            f" {self.escape(d['cancelled']['reason'])}</li>"
        )

    def gantt_row(self, row: Entry) -> Markup:
        """One milestone's label in the chart, level with its bars (`gantt_bars` draws the
        bars). The chart is one PPC's, named at its top: the label does not repeat it. The
        label's title (shown on hover) holds what the bars only draw: the full title, the
        status, and the planned and actual dates, which no table of a final report lists."""
        planned, actual = self._("planned"), self._("actual")
        bars = "".join(
            f"; {planned if bar['planned'] else actual}"
            f" {self.escape(self.words.dates(bar['start'], bar['end']))}"
            for bar in row["bars"]
        )
        facts = (
            f"{self.escape(row['title'])} ({self.escape(self.words.status(row['status']))}{bars})"
        )
        y = _svg_number(row["svg_text_y"])
        return Markup(
            f'<text y="{y}"><title>{facts}</title>{self.escape(row["short_label"])}</text>\n'
        )

    def gantt_bars(self, rows: Iterable[Entry]) -> Markup:
        """The bars of a chart's rows, one `<path>` per kind of bar (planned, planned and
        late, actual of each status): a rectangle per bar cost five attributes, most of a
        10k summary's bytes. The planned paths come first, so an actual bar is drawn over
        its planned window."""
        paths: dict[tuple[bool, str], list[str]] = {}
        for row in rows:
            for bar in row["bars"]:
                if bar["planned"]:
                    kind, height = (False, "planned late" if row["overdue"] else "planned"), 14
                else:
                    kind, height = (True, f"actual {self.escape(row['status'])}"), 8
                x, y = _svg_number(bar["svg_x"]), _svg_number(bar["svg_y"])
                width = _svg_number(bar["svg_width"])
                paths.setdefault(kind, []).append(f"M{x} {y}h{width}v{height}H{x}z")
        return Markup(
            "".join(
                f'<path class="{kind}" d="{"".join(bars)}"/>\n'
                for (_, kind), bars in sorted(paths.items(), key=lambda item: item[0][0])
            )
        )


ROWS_PER_BLOCK = 512  # rows joined into one text at most
BLOCK_CHARACTERS = 1024 * 1024  # a block is closed once it holds this many characters


def blocks(rows: Iterable[str], end: str = "\n") -> list[Markup]:
    """`rows`, each followed by `end`, joined ROWS_PER_BLOCK at a time: what a template's
    loop `{% for d in items %}{{ d|a_row }}` + `end` printed, in a few texts instead of two
    per row (each printed text is checked, counted and escaped for the terminal on its
    own). A block is also closed once it holds BLOCK_CHARACTERS, so that no block is much
    longer than its longest row: 512 rows of long titles would pass the limit on one text
    (`limits.MAX_TEXT`), which each row alone is far below, and a report of a valid plan
    would be refused. A template prints them with
    `{% for rows in items|a_rows %}{{ rows }}{% endfor %}`."""
    made: list[Markup] = []
    parts: list[str] = []
    size = 0
    for row in rows:
        parts.append(row)
        parts.append(end)
        size += len(row) + len(end)
        if len(parts) >= 2 * ROWS_PER_BLOCK or size >= BLOCK_CHARACTERS:
            made.append(Markup("".join(parts)))
            parts.clear()
            size = 0
    if parts:
        made.append(Markup("".join(parts)))
    return made


def many(
    filters: dict[str, Callable[[Entry], Markup]],
) -> dict[str, Callable[[Iterable[Entry]], list[Markup]]]:
    """Each row filter as the filter of a list of entries: its rows, one a line (`blocks`)."""

    def of(row: Callable[[Entry], Markup]) -> Callable[[Iterable[Entry]], list[Markup]]:
        return lambda items: blocks(map(row, items))

    return {name: of(row) for name, row in filters.items()}


def _svg_number(value: float) -> str:
    """A position in a chart's units to a tenth (under a pixel: a chart is 1000 units
    wide), without a `.0`: `400`, `461.9`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
