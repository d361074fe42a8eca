"""YAML in and out: the fast, safe reader (plain data, no positions) and the position lookup
that turns a problem's path into a line and column, composed only when a problem is shown.
"""
