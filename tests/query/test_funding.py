"""The funding book by its definitions: per PPC and currency, sought is every entry not
declined, secured those pledged, committed or disbursed, and spent the periods added up;
totals add up per currency and are never converted; status shows a column only when the plan
records funding, and forgets entries dated after its as-of day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import EVALUATION, HEADER, PPC_1, PPC_2, write_plan
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.known import known_on
from commit_cli.core.model import PPC, Funding, Plan
from commit_cli.core.vocabulary import SECURED_FUNDING, FundingStatus
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.query.funding import funding_book, funding_row
from commit_cli.query.status import plan_status

runner = CliRunner()
FUNDING = (
    "funding:\n"
    "  - {source: sida, status: disbursed, amount: '100.50', currency: USD, date: 2005-06-01}\n"
    "  - {source: ilo, status: sought, amount: 50, currency: USD}\n"
    "  - {source: norad, status: declined, amount: 70, currency: USD}\n"
    "  - {source: eu, status: pledged, amount: 300, currency: EUR, date: 2006-09-01}\n"
    "spending:\n  2005-H2: {USD: 40}\n  2006-H1: {USD: '0.50'}\n"
)


def valid_plan(plan_dir: Path) -> Plan:
    """The plan in `plan_dir`, which must be valid."""
    plan = load_plan(FolderSource(plan_dir)).plan
    assert plan is not None
    return plan


def funded_plan(root: Path) -> Path:
    ppc1 = PPC_1.replace(EVALUATION, EVALUATION + FUNDING)
    return write_plan(root, HEADER, {"ppc-01": ppc1, "ppc-02": PPC_2})


def test_the_book_follows_its_definitions(tmp_path: Path) -> None:
    plan = valid_plan(funded_plan(tmp_path))
    book = funding_book(plan.ppcs)
    (row,) = book.rows  # PPC 2 records no funding: no row
    assert row.sought == {"USD": Decimal("150.50"), "EUR": Decimal(300)}
    assert row.secured == {"USD": Decimal("100.50"), "EUR": Decimal(300)}
    assert row.disbursed == {"USD": Decimal("100.50")}
    assert row.declined == {"USD": Decimal(70)}
    assert row.spent == {"USD": Decimal("40.50")}
    assert book.to_json()["totals"]["sought"] == {"EUR": "300", "USD": "150.50"}


def test_status_forgets_funding_dated_after_its_day(tmp_path: Path) -> None:
    plan = valid_plan(funded_plan(tmp_path))
    early = plan_status(known_on(plan, date(2005, 12, 31)), date(2005, 12, 31)).funding
    (row,) = early.rows
    assert row.secured == {"USD": Decimal("100.50")}  # the EUR pledge came in 2006-09
    assert row.spent == {"USD": Decimal(40)}  # 2006-H1's spending not yet known


def test_status_shows_a_funding_column_only_for_a_plan_that_records_funding(
    tmp_path: Path,
) -> None:
    plain = runner.invoke(
        app, ["status", "--plan", str(write_plan(tmp_path / "a")), "--as-of", "2007-12-31"]
    )
    assert "Funding" not in plain.output
    funded = runner.invoke(
        app,
        ["status", "--plan", str(funded_plan(tmp_path / "b")), "--as-of", "2007-12-31"],
        env={"COLUMNS": "200"},
    )
    assert funded.exit_code == 0, funded.output
    assert "Funding secured" in funded.output
    assert "300 of 300 EUR; 100.50 of 150.50 USD" in funded.output


statuses = st.sampled_from(list(FundingStatus))
currencies = st.sampled_from(["USD", "EUR", "THB"])
cents = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n).scaleb(-2))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(statuses, cents, currencies), max_size=12))
def test_totals_add_up_per_currency_and_secured_never_exceeds_sought(
    entries: list[tuple[FundingStatus, Decimal, str]],
) -> None:
    funding = [
        Funding(source=f"s{i}", status=status, amount=amount, currency=currency)
        for i, (status, amount, currency) in enumerate(entries)
    ]
    ppc = PPC(
        id="ppc-1", label="PPC 1", title="T", short_title="T", activities=[], objective="O",
        funding=funding,
    )  # fmt: skip
    row = funding_row(ppc)
    for currency in ("USD", "EUR", "THB"):
        mine = [f for f in funding if f.currency == currency]
        assert row.sought.get(currency, 0) == sum(
            (f.amount for f in mine if f.status is not FundingStatus.declined), Decimal(0)
        )
        assert row.secured.get(currency, 0) == sum(
            (f.amount for f in mine if f.status in SECURED_FUNDING), Decimal(0)
        )
        assert row.disbursed.get(currency, 0) <= row.secured.get(currency, 0)
        assert row.secured.get(currency, 0) <= row.sought.get(currency, 0)
    book = funding_book([ppc, ppc.model_copy(update={"id": "ppc-2"})])
    assert {c: 2 * a for c, a in row.sought.items()} == book.totals.sought
