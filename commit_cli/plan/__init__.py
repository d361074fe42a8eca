"""A plan from its files: where the files come from (sources), reading and validating them
into a `Plan`, pydantic errors in plain words, the content-keyed cache, and the cross-file
checks (`checks/`, one module per family of rules).
"""
