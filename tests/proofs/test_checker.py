"""The checker's verdicts: claims hold, controls fail, and nothing holds unmeasured."""

import pytest

from proofs.checker import check_claims, judge, plan_jobs
from proofs.checks import measure, measurements
from proofs.checks.parity import _cheating_steps
from theory.claims import CLAIMS, get_claim, select_claims


def test_every_measurement_belongs_to_a_registered_claim():
    ids = {claim.id for claim in CLAIMS}
    assert set(measurements()) <= ids
    for measurement in measurements().values():
        assert len(measurement.quick_sizes) >= 3 or not measurement.quick_sizes
        assert len(measurement.sizes) >= 3


def test_an_unmeasured_claim_is_inconclusive_not_holds():
    result = judge(get_claim("E-maxflow"), [])
    assert (result.verdict, result.reason, result.ok) == ("inconclusive", "not measured yet", True)


def test_negative_controls_fail_and_that_is_ok():
    controls = [c.id for c in select_claims(["NEG"]) if c.id in measurements()]
    results = check_claims(controls, quick=True)
    assert {r.claim: r.verdict for r in results} == {c: "fails" for c in controls}
    assert all(r.ok for r in results)


def test_the_cheating_policy_would_meet_its_bound_if_the_audit_were_off():
    # the control is meaningful: the hidden counter buys 2 steps and a right answer
    rows = [_cheating_steps(n, 0, check_stateless=False) | {"x": n} for n in (4, 16, 64)]
    assert judge(get_claim("NEG-cheating-policy"), rows).verdict == "holds"
    caught = judge(get_claim("NEG-cheating-policy"), [measure("NEG-cheating-policy", 4)])
    assert caught.verdict == "fails" and "HiddenStateError" in caught.reason


def test_a_control_that_holds_is_not_ok():
    rows = [{"n": n, "x": n, "value": 1.0, "correct": True} for n in (4, 16, 64)]
    result = judge(get_claim("NEG-mdm-parity-constant-steps"), rows)
    assert result.verdict == "holds" and not result.ok


@pytest.mark.parametrize("row_change, verdict, reason", [
    ({"correct": False}, "fails", "wrong answer"),
    ({"correct": None}, "inconclusive", "cut short"),
    ({"serial_cost": 10**9, "peak_context": 10}, "fails", "Theorem 2"),
    ({"error": "HiddenStateError: x"}, "fails", "HiddenStateError")])
def test_a_bad_row_decides_the_verdict(row_change, verdict, reason):
    rows = [{"n": n, "x": n, "value": 2.0 * n, "correct": True} for n in (4, 16, 64)]
    rows[1] |= row_change
    result = judge(get_claim("E-parity-apmdm-steps"), rows)
    assert result.verdict == verdict and reason in result.reason


def test_a_claim_whose_series_outgrows_its_bound_fails():
    rows = [{"n": n, "x": n, "value": float(n * n), "correct": True} for n in (4, 16, 64)]
    result = judge(get_claim("T4-prefix-sums-context"), rows)
    assert result.verdict == "fails" and not result.ok and "n=64" in result.reason


def test_fewer_than_three_sizes_is_inconclusive():
    assert check_claims(["E-parity-arm-steps"], sizes=[4, 8])[0].verdict == "inconclusive"


def test_parity_claims_hold_on_a_small_sweep():
    results = check_claims(["E-parity"], sizes=[4, 16, 64])
    assert {r.verdict for r in results} == {"holds"}
    assert results[0].measured[-1] <= 2 * 64


def test_jobs_are_claims_times_sizes():
    jobs = plan_jobs(select_claims(["E-parity-arm-steps", "E-maxflow"]), sizes=[8, 4, 8], seed=3)
    assert jobs == [("E-parity-arm-steps", 4, 3), ("E-parity-arm-steps", 8, 3),
                    ("E-maxflow", 4, 3), ("E-maxflow", 8, 3)]
