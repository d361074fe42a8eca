"""The plan's memory: git revisions as plan sources, and what changed between them.

`git` runs git (one `git cat-file --batch` process per command for every object read, and a
few short plumbing commands), `source` reads the plan at a revision, `diff` compares two
states of the plan object by object into `changes`, `walk` turns a range of history into
changes attributed to commits and pull requests, `review` compares two loaded states for a
pull request (with problems introduced and fixed), `provenance` follows one object, and
`render` writes all of it as text or Markdown.
"""
