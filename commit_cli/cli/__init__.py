"""The `commit` command line: the only code that talks to the terminal.

`app` holds the typer application and its global options, `registry` the table of commands
(each built only when it runs), `commands/` one module per command, `command_context` the
context of one command run (the day, the cache, the global options, the collector policy),
`plan_access` finding and loading the plan a command works on, `exits` the one table from
error kinds to exit codes, `output` the one writer of stdout and stderr, and `views` rich
renderables of query results.

The console entry point is `app.run`. This file imports nothing: every module of the package
runs it first, so an import from here would close a loop.
"""
