"""Recording progress: the editing commands' library. Each edit finds its object by id,
changes the file's data, writes only the lines that differ (`yamlio.roundtrip`), checks the
plan as it would be, and replaces the file atomically under the plan's lock."""
