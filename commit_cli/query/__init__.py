"""Questions asked of a validated `Plan`: the plan indexed by id, filters, status, listings,
the timeline (and its chart geometry) and everything about one object.

Takes a `Plan` and returns dataclasses whose `to_json()` is what `--json` prints; it never
loads a plan and knows nothing of the terminal.
"""
