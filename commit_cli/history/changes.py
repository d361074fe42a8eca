"""What a semantic change is: one thing that changed about one object of the plan, in words,
with the commit that made it.

A change is found by comparing the plan's data (see `diff`), never its text, so reformatting
a file or moving a milestone within it changes nothing. Kinds with their own wording:
`status`, `actual`, `attended`, `postponed`, `cancelled`, `window`, `value`, `target`,
`baseline`, `funding` (one grant, matched by source and reference), `spending` (one
period), `added`, `removed`, `renamed`, `moved`, `narrative`; every other field is a
`field` change, so fields added to the model later show up without new code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from commit_cli import wording
from commit_cli.core.model import Decision
from commit_cli.history.git import Commit

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Attribution:
    """The commit a change came from: who, when, and the pull request that brought it."""

    oid: str
    author: str
    email: str
    committed: datetime  # when it entered the history (committer date, its own time zone)
    message: str
    pr: int | None

    @classmethod
    def of(cls, commit: Commit, pr: int | None = None) -> Attribution:
        return cls(
            commit.oid,
            commit.author,
            commit.email,
            commit.committed,
            commit.message,
            pr if pr is not None else commit.pr,
        )

    @property
    def short(self) -> str:
        return self.oid[:7]

    @property
    def day(self) -> date:
        return self.committed.date()

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    def to_json(self) -> JsonDict:
        return {
            "commit": self.oid,
            "short": self.short,
            "author": self.author,
            "email": self.email,
            "date": self.committed.isoformat(),
            "subject": self.subject,
            "message": self.message.rstrip("\n"),
            "pr": self.pr,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one object: a milestone, an indicator, a PPC, or the plan itself.

    `field` is the dotted path of what changed inside the object (None: the object as a
    whole was added, removed, renamed or moved); `old` and `new` are plain JSON values."""

    kind: str
    subject: str  # milestone, indicator, ppc or plan
    id: str
    ppc: str | None  # the PPC it belongs to; None for plan-wide data
    field: str | None
    old: Any
    new: Any
    summary: str
    title: str = ""
    by: Attribution | None = None
    decision: str | None = None  # the decision a postponement, cancellation or target cites

    def citing(self, decisions: Mapping[str, Decision]) -> Change:
        """The change with the decision it cites worded with its meeting and day, as
        `decisions` (the plan's book, by id) records them; as it is when it cites none or
        one the book does not hold."""
        found = decisions.get(self.decision) if self.decision is not None else None
        if found is None:
            return self
        short = f"({wording.decision(found.id)})"
        full = f"({wording.decision(found.id, found.meeting, found.date)})"
        return replace(self, summary=self.summary.replace(short, full, 1))

    @property
    def rationale(self) -> str | None:
        """Why a target was revised: the message of the commit that revised it."""
        if self.kind != "target" or self.by is None:
            return None
        return self.by.message.strip() or None

    def attributed(self, by: Attribution) -> Change:
        return replace(self, by=by)

    def to_json(self) -> JsonDict:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "id": self.id,
            "title": self.title or None,
            "ppc": self.ppc,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "rationale": self.rationale,
            "decision": self.decision,
            "commit": self.by.to_json() if self.by else None,
        }


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A plan file that could not be read at a commit: its first problem, located there.
    Its changes are counted from the next commit where it reads again."""

    file: str
    problem: str
    by: Attribution | None = None

    def to_json(self) -> JsonDict:
        return {
            "file": self.file,
            "problem": self.problem,
            "commit": self.by.to_json() if self.by else None,
        }


def citing(changes: Iterable[Change], decisions: Iterable[Decision]) -> list[Change]:
    """Each change worded with the meeting and day of the decision it cites (`citing`):
    a decision, once taken, keeps its meeting and day, so the plan's book as read now
    words the changes of any earlier commit."""
    book = {decision.id: decision for decision in decisions}
    return [change.citing(book) for change in changes]
