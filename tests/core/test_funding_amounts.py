"""Funding amounts are exact decimals: what a plan file says is what every reader gets back, in
YAML and in JSON, and a number YAML would read as a binary fraction is refused, never rounded."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EVALUATION, HEADER, PPC_1, PPC_2, write_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, Funding
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

# Decimals a plan may hold: up to 15 digits before the point and 4 after, not below zero.
amounts = st.decimals(
    min_value=0, max_value=Decimal("999999999999999.9999"), places=4, allow_nan=False
) | st.integers(min_value=0, max_value=10**15 - 1).map(Decimal)


def entry(amount: object, currency: str = "USD") -> dict[str, object]:
    return {"source": "Sida", "status": "pledged", "amount": amount, "currency": currency}


@settings(max_examples=200, deadline=None)
@given(amounts)
def test_an_amount_round_trips_through_text_and_json_exactly(amount: Decimal) -> None:
    text = format(amount, "f")
    written = int(text) if "." not in text else text  # as the editing commands write it
    record = validated(Funding, entry(written))
    assert record.amount == amount
    assert format(record.amount, "f") == text  # trailing zeros kept: '1500.50' stays so
    dumped = json.loads(json.dumps(record.model_dump(mode="json")))
    assert dumped["amount"] == text
    assert validated(Funding, dumped) == record


def test_an_amount_in_a_plan_file_reads_back_as_written(tmp_path: Path) -> None:
    lines = (
        "funding:\n"
        "  - {source: Sida, status: disbursed, amount: '120000.50', currency: USD}\n"
        "  - {source: uniap, status: pledged, amount: 99999999999999, currency: THB}\n"
        "spending:\n  2006-H1: {USD: '0.10'}\n"
    )
    plan_dir = write_plan(
        tmp_path, HEADER, {"ppc-01": PPC_1.replace(EVALUATION, EVALUATION + lines), "ppc-02": PPC_2}
    )
    result = load_plan(FolderSource(plan_dir))
    assert not result.problems
    assert result.plan is not None
    ppc = result.plan.ppcs[0]
    assert isinstance(ppc, PPC)
    assert [f.amount for f in ppc.funding] == [Decimal("120000.50"), Decimal(99999999999999)]
    assert all(type(f.amount) is Decimal for f in ppc.funding)
    assert ppc.spending == {"2006-H1": {"USD": Decimal("0.10")}}
    assert ppc.model_dump(mode="json")["spending"] == {"2006-H1": {"USD": "0.10"}}


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        (1500.75, "in quotes ('1500.75')"),  # a YAML float: refused, not rounded
        (-3, "not below zero"),
        ("12,000", "at most 15 digits"),
        ("1.23456", "4 decimal places"),
        (True, "not bool"),
    ],
)
def test_an_amount_that_would_not_be_exact_is_refused(amount: object, says: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"amount") as raised:
        validated(Funding, entry(amount))
    assert says in str(raised.value)


def test_a_currency_in_lower_case_is_not_a_currency_code() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        validated(Funding, entry(10, "usd"))
