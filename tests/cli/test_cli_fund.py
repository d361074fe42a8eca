"""`commit fund` and `commit spend` through the command line: the bytes each writes (only its
own lines, exact amounts), what is refused (exit 1, the file's bytes unchanged), and --json."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
FUND = ["fund", "ppc-1", "--source", "sida", "--currency", "USD", "--reference", "SE-118"]


def ppc1(plan_dir: Path) -> bytes:
    return (plan_dir / "ppcs" / "ppc-01.yaml").read_bytes()


def test_fund_appends_one_entry_in_the_model_s_order(plan_dir: Path) -> None:
    result = runner.invoke(
        app,
        [*FUND, "--status", "pledged", "--amount", "120000", "--date", "2005-11-15",
         "--milestone", "ppc1-seminar"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "recorded: ppc-1 funding from sida: pledged, 120000 USD in plan/ppcs/ppc-01.yaml\n"
    )
    assert (
        ppc1(plan_dir)
        == (
            PPC_1 + "funding:\n"
            "  - source: sida\n"
            "    status: pledged\n"
            "    amount: 120000\n"
            "    currency: USD\n"
            "    date: 2005-11-15\n"
            "    reference: SE-118\n"
            "    milestones: [ppc1-seminar]\n"
        ).encode()
    )


def test_fund_again_moves_the_same_grant_on_and_changes_only_its_lines(plan_dir: Path) -> None:
    assert runner.invoke(app, [*FUND, "--status", "pledged", "--amount", "120000"]).exit_code == 0
    result = runner.invoke(app, [*FUND, "--status", "disbursed", "--amount", "120000.50"])
    assert result.exit_code == 0, result.output
    assert (
        ppc1(plan_dir)
        == (
            PPC_1 + "funding:\n"
            "  - source: sida\n"
            "    status: disbursed\n"
            "    amount: '120000.50'\n"
            "    currency: USD\n"
            "    reference: SE-118\n"
        ).encode()
    )
    other = runner.invoke(app, [*FUND[:-1], "SE-119", "--status", "sought", "--amount", "5"])
    assert other.exit_code == 0, other.output
    assert ppc1(plan_dir).endswith(
        b"    reference: SE-118\n"
        b"  - source: sida\n"
        b"    status: sought\n"
        b"    amount: 5\n"
        b"    currency: USD\n"
        b"    reference: SE-119\n"
    )


def test_spend_records_an_exact_amount_per_period_and_currency(plan_dir: Path) -> None:
    assert runner.invoke(app, [*FUND, "--status", "disbursed", "--amount", "2000"]).exit_code == 0
    before = ppc1(plan_dir)
    command = ["spend", "PPC 1", "--period", "2006-H1", "--currency", "USD", "--amount"]
    result = runner.invoke(app, [*command, "1000.10"])
    assert result.exit_code == 0, result.output
    assert ppc1(plan_dir) == before + b"spending: {2006-H1: {USD: '1000.10'}}\n"
    assert runner.invoke(app, [*command, "999.90"]).exit_code == 0  # replaces the period's
    assert ppc1(plan_dir) == before + b"spending: {2006-H1: {USD: '999.90'}}\n"


def test_spending_above_what_was_disbursed_is_refused(plan_dir: Path) -> None:
    assert runner.invoke(app, [*FUND, "--status", "pledged", "--amount", "2000"]).exit_code == 0
    before = ppc1(plan_dir)
    result = runner.invoke(
        app, ["spend", "ppc-1", "--period", "2006-H1", "--amount", "0.01", "--currency", "USD"]
    )
    assert result.exit_code == 1
    assert "spent 0.01 USD but has 0 USD disbursed" in result.output
    assert "nothing written" in result.output
    assert ppc1(plan_dir) == before


def test_an_unknown_currency_or_an_inexact_amount_is_refused(plan_dir: Path) -> None:
    before = ppc1(plan_dir)
    for currency, amount, says in (
        ("USX", "10", "'USX' is not an ISO 4217 currency"),
        ("usd", "10", "is not a currency code"),
        ("USD", "1.23456", "4 decimal places"),
        ("USD", "1e5", "at most 15 digits"),
    ):
        result = runner.invoke(
            app, [*FUND[:4], "--status", "pledged", "--currency", currency, "--amount", amount]
        )
        assert result.exit_code == 1, result.output
        assert says in result.output
        assert ppc1(plan_dir) == before


def test_fund_json_and_dry_run(plan_dir: Path) -> None:
    before = ppc1(plan_dir)
    result = runner.invoke(
        app, [*FUND, "--status", "committed", "--amount", "7.5", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    said = json.loads(result.output)
    assert (said["command"], said["kind"], said["written"]) == ("fund", "ppc", False)
    assert said["changes"] == [
        {
            "path": "funding",
            "old": None,
            "new": [
                {
                    "source": "sida",
                    "status": "committed",
                    "amount": "7.5",
                    "currency": "USD",
                    "reference": "SE-118",
                }
            ],
        }
    ]
    assert ppc1(plan_dir) == before


def test_status_s_funding_column_words_each_amount_as_recorded_with_thousands_grouped(
    plan_dir: Path,
) -> None:
    """Secured of sought per currency: nothing secured yet reads `0`, and an amount keeps
    every decimal place it was given."""
    for status, amount, reference in (
        ("sought", "50000", "SE-1"),
        ("disbursed", "1234567.50", "SE-2"),
    ):
        command = [*FUND[:-1], reference, "--status", status, "--amount", amount]
        assert runner.invoke(app, command).exit_code == 0
    euros = ["fund", "ppc-1", "--source", "sida", "--currency", "EUR", "--reference", "SE-3"]
    assert runner.invoke(app, [*euros, "--status", "sought", "--amount", "5000"]).exit_code == 0
    result = runner.invoke(app, ["status", "--as-of", "2006-06-30"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("ppc-1 "))
    assert "1,234,567.50 of 1,284,567.50 USD" in row
    assert "0 of 5,000 EUR" in row
    assert "0.000000" not in result.output
