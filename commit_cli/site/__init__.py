"""`commit site`: the plan as a static web site, for everyone who never runs a command.

`pages` turns the plan as known on one day into one context per page (plain data, as the
reports' contexts are), from the query layer (`plan_status`, `MilestoneRef`,
`indicator_rows`) and the reports' shared pieces (`reports.context.facts`, `gantt`,
`pieces`), so the site says what `commit status` and the reports say on the same day;
`charts` measures the indicator charts; `render` renders every page in the reports' sandbox
(`reports.render.environment`: plan text is data, escaped, never template source);
`build` puts pages, downloads and the search script together and writes only what changed.
"""
