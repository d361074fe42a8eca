"""`core.hints`: "did you mean" ranks by what people type: numbers and beginnings count."""

from __future__ import annotations

from commit_cli.core.hints import closest, did_you_mean, one_of

PPC_IDS = ["ppc-1", "ppc-2", "ppc-3", "ppc-10", "ppc-11", "pp-12"]
COMMANDS = ["validate", "export", "status", "show", "list", "timeline"]


def test_the_number_typed_ranks_first() -> None:
    assert closest("ppc-12", PPC_IDS, n=3)[0] == "pp-12"
    assert closest("ppc_12", PPC_IDS) == ["pp-12"]
    assert closest("ppc-2", PPC_IDS)[0] == "ppc-2"


def test_a_label_or_file_name_counts_as_the_choice() -> None:
    aliases = {"pp-12": ["PP 12", "plan/ppcs/ppc-12.yaml"], "ppc-2": ["PPC 2"]}
    assert closest("PPC 12", PPC_IDS, aliases=aliases) == ["pp-12"]
    assert did_you_mean("PPC 21", PPC_IDS, aliases) == "; did you mean 'ppc-2'?"


def test_the_beginning_of_a_name_counts() -> None:
    assert closest("st", COMMANDS, n=3, cutoff=0.5)[0] == "status"
    assert closest("time", COMMANDS) == ["timeline"]


def test_one_of_lists_names() -> None:
    assert one_of(["a"]) == "'a'"
    assert one_of(["a", "b", "c"]) == "'a', 'b' or 'c'"
