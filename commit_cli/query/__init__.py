"""Questions asked of a validated `Plan`: the plan indexed by id (index), filters (scope),
what is shown of one milestone or indicator (rows), status, listings, the timeline (and its
chart geometry) and everything about one object (describe).

Takes a `Plan` and returns dataclasses whose `to_json()` is what `--json` prints (values
written as `json_values` says), so tables and JSON always show the same data; it never loads
a plan and knows nothing of the terminal: `cli.views` renders results and `cli.output` prints
them.

Definitions used throughout:

- what a milestone was on the as-of day (done, in progress, planned, postponed, cancelled;
  tentative; overdue) and which window was then the plan: `core.asof.milestone_on`, the one
  definition. *Overdue*: planned or in progress on the day, not tentative, and the window in
  force ended before the day.
- *next due* (per PPC): the open (planned or in progress) milestone with the earliest window
  end on or after the as-of day.
- *due next* (plan-wide): open milestones whose window ends between the as-of day and the
  end of the reporting period after the one holding the as-of day (so the rest of the current
  period and the whole next one), never past the end of the plan period.
- *no recorded outcome*: a milestone that is neither done nor cancelled.
- A milestone *involves* the countries it names (``countries`` and ``country_pairs``); when
  it names none, those of its PPC, and when the PPC names none, all the plan's countries.
- A milestone *serves* the areas of its activities; when it lists none, those of its PPC.
- indicator figures (per period, cumulative, % of target, met): `core.indicators`.
"""
