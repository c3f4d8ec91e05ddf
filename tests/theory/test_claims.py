"""The claims registry: every paper claim present, ids unique, bounds parse, controls marked."""

import pytest
import sympy

from theory.claims import (CLAIMS, FAILURE_KINDS, PAPER_CLAIMS, Claim, claim_ids, get_claim,
                           register, select_claims, unregister)
from theory.errors import ClaimInputError


def test_every_claim_of_the_paper_is_registered():
    assert set(PAPER_CLAIMS) <= set(claim_ids())


def test_ids_are_unique():
    assert len(claim_ids()) == len(set(claim_ids()))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_bound_is_a_positive_expression_in_its_variable_only(claim):
    expr = claim.bound_expr()
    symbol = sympy.Symbol(claim.variable, positive=True)
    assert expr.free_symbols <= {symbol}
    assert float(expr.subs(symbol, 16)) > 0
    assert claim.direction in ("upper", "lower")
    assert claim.source


def test_controls_are_expected_to_fail_and_only_they():
    for claim in CLAIMS:
        assert (claim.expect == "fails") == claim.id.startswith("NEG-") == claim.is_control
    assert any(c.id == "NEG-cheating-policy" for c in CLAIMS)


def test_unknown_id_suggests_close_matches():
    with pytest.raises(ClaimInputError, match="did you mean T1"):
        get_claim("T1-")
    with pytest.raises(ClaimInputError, match="no claim 'T7'"):
        select_claims(["T7"])


def test_a_theorem_id_selects_its_sub_claims():
    ids = [c.id for c in select_claims(["T1"])]
    assert ids[0] == "T1" and "T1-prefix-sums-steps" in ids
    assert all(i == "T1" or i.startswith("T1-") for i in ids)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_a_stated_constant_names_its_source(claim):
    assert (claim.constant is None) == (claim.constant_source == "")
    if claim.constant is not None:
        assert claim.constant > 0


def test_each_control_names_the_failure_it_must_show():
    for claim in CLAIMS:
        assert (claim.fails_because in FAILURE_KINDS) == claim.is_control


def test_only_machine_laws_are_marked_as_laws():
    assert {c.id for c in CLAIMS if c.law} == {"T2", "T2-parity", "T2-prefix-sums",
                                              "T2-mdm-counter-steps"}


def test_a_claim_from_another_module_can_be_registered_once():
    extra = Claim("X-learned-test", "a learned policy's claim", "AP-MDM", "parity", "steps",
                  "2*n", "upper", "test", constant=1, constant_source="test")
    register(extra)
    try:
        register(extra)  # the same claim again: a no-op
        assert get_claim("X-learned-test") is extra and "X-learned-test" in claim_ids()
        with pytest.raises(ClaimInputError, match="already registered"):
            register(Claim("X-learned-test", "another", "ARM", "parity", "steps", "n",
                           "upper", "test", constant=1, constant_source="test"))
    finally:
        unregister("X-learned-test")
    assert "X-learned-test" not in claim_ids()
    with pytest.raises(ClaimInputError, match="only those"):
        unregister("T1")
