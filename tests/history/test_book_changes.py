"""How a PPC's books read in its history: a grant that moved on is one change (matched by
source and reference), never a removal and an addition; spending reads per period."""

from __future__ import annotations

from conftest import PPC_1
from diff_helpers import one_ppc, ppc

from commit_cli.history.diff import diff_states


def grant(status: str, amount: str = "120000", day: str = "2005-04-20", ref: str = "T-1") -> str:
    return (
        f"  - {{source: uniap, status: {status}, amount: '{amount}', currency: USD,"
        f" date: {day}, reference: {ref}}}\n"
    )


def funded(*grants: str, spending: str = "") -> str:
    return PPC_1 + "funding:\n" + "".join(grants) + spending


def test_a_pledge_that_is_disbursed_reads_as_that_change() -> None:
    pledged = funded(grant("pledged"))
    paid = funded(grant("disbursed", day="2005-09-01"))
    assert one_ppc(pledged, paid) == [
        (
            "funding",
            "ppc-1",
            "funding from uniap (T-1): pledged → disbursed on 2005-09-01, 120,000 USD",
        )
    ]
    (change,) = diff_states({"p": ppc(pledged)}, {"p": ppc(paid)})
    assert (change.old["status"], change.new["status"]) == ("pledged", "disbursed")
    assert change.new["amount"] == "120000"  # exact decimal text, as JSON holds it


def test_only_the_grant_that_moved_on_is_named_among_several_from_one_source() -> None:
    before = funded(grant("pledged"), grant("sought", "5000.50", ref="T-2"))
    after = funded(grant("pledged"), grant("committed", "5000.50", ref="T-2"))
    assert one_ppc(before, after) == [
        (
            "funding",
            "ppc-1",
            "funding from uniap (T-2): sought → committed on 2005-04-20, 5,000.50 USD",
        )
    ]


def test_a_grant_recorded_revised_and_removed() -> None:
    one = funded(grant("pledged"))
    assert one_ppc(PPC_1 + "funding: []\n", one) == [
        (
            "funding",
            "ppc-1",
            "funding from uniap (T-1) recorded: pledged on 2005-04-20, 120,000 USD",
        )
    ]
    more = funded(grant("pledged", "125000.25"))
    assert one_ppc(one, more) == [
        ("funding", "ppc-1", "funding from uniap (T-1): pledged, 120,000 USD → 125,000.25 USD")
    ]
    other = funded(grant("pledged", ref="T-9"))
    assert one_ppc(one, other) == [
        (
            "funding",
            "ppc-1",
            "funding from uniap (T-9) recorded: pledged on 2005-04-20, 120,000 USD",
        ),
        ("funding", "ppc-1", "funding from uniap (T-1) removed (was pledged, 120,000 USD)"),
    ]


def test_spending_reads_per_period_with_every_currency() -> None:
    paid = funded(grant("disbursed"))
    first = funded(grant("disbursed"), spending="spending: {2006-H1: {USD: '1000.10'}}\n")
    second = funded(
        grant("disbursed"),
        spending="spending: {2006-H1: {USD: '1500'}, 2006-H2: {USD: 20, EUR: 3}}\n",
    )
    assert one_ppc(paid, first) == [
        ("spending", "ppc-1", "spending for 2006-H1 recorded: 1,000.10 USD")
    ]
    assert one_ppc(first, second) == [
        ("spending", "ppc-1", "spending for 2006-H1 revised: 1,000.10 USD → 1,500 USD"),
        ("spending", "ppc-1", "spending for 2006-H2 recorded: 20 USD, 3 EUR"),
    ]
    assert one_ppc(first, paid) == [
        ("spending", "ppc-1", "spending for 2006-H1 removed (was 1,000.10 USD)")
    ]


def test_a_grant_that_only_moved_in_the_list_is_no_change() -> None:
    two = [grant("pledged"), grant("sought", ref="T-2")]
    assert one_ppc(funded(*two), funded(*reversed(two))) == []
