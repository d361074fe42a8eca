"""The plan's memory: git revisions as plan sources, and what changed between them.

`git` runs git (one `git cat-file --batch` process per command for every object read, and a
few short plumbing commands), `source` reads the plan at a revision, `diff` compares two
states of the plan object by object, `walk` turns a range of history into attributed changes,
and `provenance` says which commit last set each field of one object.
"""
