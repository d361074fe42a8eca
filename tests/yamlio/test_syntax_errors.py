"""YAML mistakes explained in plain words, at the line written wrong."""

from __future__ import annotations

import pytest

from commit_cli.yamlio.reader import YamlSyntaxError, load_data

ITEMS = "milestones:\n  - id: a\n    title: x\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            "id: x\ntitle: Meeting: the first\nkind: seminar\n",
            2,
            8,
            "a ': ' inside a value starts a new key; put the text in quotes:"
            " title: 'Meeting: the first'",
            id="colon-in-a-value",
        ),
        pytest.param(
            'id: x\ntitle: The "new" plan: review\n',
            2,
            8,
            "put the text in quotes: title: 'The \"new\" plan: review'",
            id="colon-in-a-value-with-quotes",
        ),
        pytest.param(
            ITEMS + "    status:done\n    kind: meeting\n",
            4,
            11,
            "a space is needed after ':'; write status: done",
            id="no-space-after-colon",
        ),
        pytest.param(
            ITEMS + "    status:done\n",
            4,
            11,
            "a space is needed after ':'; write status: done",
            id="no-space-after-colon-on-the-last-line",
        ),
        pytest.param(
            ITEMS + "   - id: b\n    title: y\n",
            4,
            4,
            "this list item is indented 3 spaces, but the item before it (line 2) is indented"
            " 2 spaces; indent it by 2 spaces",
            id="list-item-indented-too-far",
        ),
        pytest.param(
            ITEMS + "    - id: b\n      title: y\n",
            4,
            5,
            "this list item is indented 4 spaces, but the item before it (line 2) is indented"
            " 2 spaces; indent it by 2 spaces",
            id="list-item-indented-as-the-keys",
        ),
        pytest.param(
            ITEMS + " - id: b\n   title: y\n",
            4,
            2,
            "indent it by 2 spaces",
            id="list-item-indented-too-little",
        ),
        pytest.param(
            ITEMS + "   kind: y\n",
            4,
            4,
            "this key is indented 3 spaces, but the key before it (line 3) is indented 4"
            " spaces; indent it by 4 spaces",
            id="key-indented-too-little",
        ),
        pytest.param(
            ITEMS + "     kind: y\n",
            4,
            1,
            "this line is indented 5 spaces, more than the key above it on line 3 (4 spaces)",
            id="key-indented-too-far",
        ),
        pytest.param(
            "id: x\ntitle: 'Meeting\nkind: y\n",
            2,
            8,
            "this quote (') is never closed",
            id="unclosed-quote",
        ),
        pytest.param(
            "id: x\nwindow: {start: 2005, end: 2006\nkind: y\n",
            2,
            9,
            "this '{' is not closed; end it with '}' on the same line",
            id="unclosed-brace",
        ),
    ],
)
def test_yaml_mistakes_are_explained_where_they_were_made(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_data(text)
    issue = caught.value.issue
    assert message in issue.message
    assert (issue.line, issue.column) == (line, column)
    assert "YAML syntax error" not in issue.message
