"""A PPC's review from a file (`commit review --from-file`), for text too long to type.

The file says what a `review:` block says, in the same keys: `lessons`, `recommendations`,
`failures` and `obstacles`, each a text or a list of texts (folded `>-` blocks for
paragraphs). Anything else is refused at its line, before the plan is touched."""

from __future__ import annotations

from pathlib import Path

from commit_cli.core.hints import did_you_mean
from commit_cli.errors import UsageError
from commit_cli.problems import Problem, YamlPath
from commit_cli.safetext import one_line
from commit_cli.yamlio.positions import locate_problems
from commit_cli.yamlio.reader import YamlSyntaxError, load_data

KEYS = ("lessons", "recommendations", "failures", "obstacles")
LARGEST = 1 << 20  # a review is a few pages at most


def _refuse(name: str, text: str, path: YamlPath, message: str, at_key: bool = False) -> None:
    problem = Problem(name, message, "review-file", path=path, at_key=at_key)
    (located,) = locate_problems([problem], {name: text})
    raise UsageError(f"{one_line(name)}:{located.line}:{located.column}: {message}")


def read_review(path: Path) -> dict[str, list[str]]:
    """The texts of the review file at `path`, by key; UsageError saying what is wrong."""
    name = str(path)
    try:
        raw = path.read_bytes()[: LARGEST + 1]
    except OSError as exc:
        raise UsageError(f"--from-file {one_line(name)}: cannot read it ({exc.strerror})") from None
    if len(raw) > LARGEST:
        raise UsageError(f"--from-file {one_line(name)}: over {LARGEST // 1024} KiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--from-file {one_line(name)}: not UTF-8 text") from None
    try:
        data, _ = load_data(text)
    except YamlSyntaxError as exc:
        issue = exc.issue
        raise UsageError(f"{one_line(name)}:{issue.line}:{issue.column}: {issue.message}") from None
    wanted = "write lessons:, recommendations:, failures: or obstacles:, each a text or a list"
    if not isinstance(data, dict) or not data:
        _refuse(name, text, (), wanted)
    texts: dict[str, list[str]] = {}
    for key, value in data.items():
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS) or f"; {wanted}"
            _refuse(name, text, (key,), f"unknown key '{one_line(str(key))}'{hint}", True)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                where: YamlPath = (key, index) if isinstance(value, list) else (key,)
                _refuse(name, text, where, f"{key}: write a text, or a list of texts")
        texts[key] = [item.strip() for item in items]
    return texts
