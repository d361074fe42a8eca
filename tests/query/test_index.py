"""Which PPC a name means (issue 10, section 5): its id, label, file or number, and a hint
naming the closest when none does."""

from __future__ import annotations

import pytest

from commit_cli.core.model import Plan
from commit_cli.errors import NotFound
from commit_cli.query.index import PlanIndex
from commit_cli.query.scope import resolve_scope


@pytest.fixture(scope="module")
def bundled() -> PlanIndex:
    from conftest import REPO

    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource

    result = load_plan(FolderSource(REPO / "plan"))
    assert result.plan is not None
    return PlanIndex(result.plan, result.ppc_file_of)


@pytest.mark.parametrize(
    "name",
    ["pp-12", "12", "ppc-12", "ppc12", "PPC 12", "PP 12", "pp 12", "ppc-12.yaml", "PPC_12"],
)
def test_pp12_answers_to_its_label_number_and_file(bundled: PlanIndex, name: str) -> None:
    assert bundled.resolve_ppc(name) == "pp-12"
    assert resolve_scope(bundled, ppc=name).ppc == "pp-12"


def test_a_ppc_answers_to_its_file_by_path(bundled: PlanIndex) -> None:
    file = bundled.files["ppc-1"]
    assert file.endswith("plan/ppcs/ppc-01.yaml")
    assert bundled.resolve_ppc(file) == "ppc-1"
    assert bundled.resolve_ppc("ppc-01") == "ppc-1"


def test_an_unknown_ppc_suggests_by_number_and_label_first(bundled: PlanIndex) -> None:
    with pytest.raises(NotFound, match=r"unknown PPC 'ppc-13'; did you mean 'ppc-1'"):
        resolve_scope(bundled, ppc="ppc-13")
    with pytest.raises(NotFound, match=r"unknown PPC 'PP 120'; did you mean 'pp-12'"):
        resolve_scope(bundled, ppc="PP 120")


def test_a_name_two_ppcs_answer_to_is_refused(plan: Plan) -> None:
    twin = plan.ppcs[0].model_copy(update={"id": "pp-1", "label": "PP 1"})
    index = PlanIndex(plan.model_copy(update={"ppcs": [*plan.ppcs, twin]}))
    with pytest.raises(NotFound, match="'1' could name 'ppc-1' or 'pp-1'; use the id"):
        index.resolve_ppc("1")
