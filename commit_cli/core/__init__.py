"""What a plan is: the pydantic models of its files and the records generated from them,
periods and windows, indicator figures, and message hints.

The bottom of the pipeline: it imports nothing of ours but `problems` and `errors`, and knows
nothing of YAML, files or the terminal.
"""
