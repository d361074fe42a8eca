"""One module per command: each parses its options, calls the library and hands results to
`output` and `views`, returning its exit code. Library modules are imported inside each
command, so `commit --help` stays fast."""
