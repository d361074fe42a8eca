"""Rich renderings of query results: the status screen (`status`), lists (`listing`), one
object's details (`details`) and the timeline (`timeline`), over the cells they share
(`cells`: styles, numbers, statuses, windows; `indicators`: the table of indicators).

CLI layer only: these functions turn the dataclasses of `commit_cli.query` into rich
renderables and compute nothing about the plan themselves. Styles only ever add colour;
every fact is also in the plain text, so piped output (which rich prints without escape
codes) says everything the terminal does.
"""
