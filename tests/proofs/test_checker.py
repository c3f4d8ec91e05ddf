"""The checker's verdicts: stated constants, room to fail, controls failing for their reason."""

import dataclasses

import pytest

from proofs.checker import check_claims, judge, plan_jobs
from proofs.measurements import measure, measurements, room
from proofs.measurements.parity import _cheating_steps
from theory.claims import CLAIMS, PAPER_CLAIMS, get_claim, select_claims


def rows_of(values, sizes=(4, 16, 64, 256)):
    return [{"n": n, "x": n, "value": float(v), "correct": True} for n, v in zip(sizes, values)]


def test_every_measurement_belongs_to_a_registered_claim():
    ids = {claim.id for claim in CLAIMS}
    assert set(measurements()) <= ids
    for measurement in measurements().values():
        assert len(measurement.quick_sizes) >= 2 and len(measurement.sizes) >= 2


def test_every_claim_and_control_has_a_measurement():
    assert {claim.id for claim in CLAIMS} == set(measurements())


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.constant is None], ids=lambda c: c.id)
def test_a_claim_with_no_stated_constant_is_calibrated_apart_and_judged_widely(claim):
    measurement = measurements()[claim.id]
    for judged in (measurement.sizes, measurement.quick_sizes):
        assert measurement.calibration and max(measurement.calibration) < min(judged)
        assert len(judged) >= 4 and max(judged) / min(judged) >= 10 ** 1.5


def test_an_unmeasured_claim_is_inconclusive_and_not_ok_unless_allowed():
    result = judge(get_claim("E-maxflow"), [])
    assert (result.verdict, result.reason, result.ok) == ("inconclusive", "not measured yet", False)
    assert judge(get_claim("E-maxflow"), [], allow_inconclusive=True).ok


def test_a_size_refused_for_memory_is_inconclusive_with_its_reason():
    rows = rows_of([4, 20, 88, 340])
    rows[2] = {"n": 64, "x": 64, "value": None, "correct": None, "unmeasured": "n=64 too big"}
    result = judge(get_claim("E-parity"), rows)
    assert (result.verdict, result.reason) == ("inconclusive", "n=64 too big")


def test_negative_controls_fail_for_their_declared_reason():
    controls = [c.id for c in select_claims(["NEG"])]
    results = check_claims(controls, quick=True)
    for result in results:
        assert result.verdict == "fails" and result.ok, result
        assert get_claim(result.claim).fails_because in result.failures


def test_a_control_failing_for_another_reason_is_a_surprise():
    # the cheating control must be caught keeping hidden state; a wrong answer is not that
    rows = rows_of([4, 20, 88, 340])
    rows[1]["correct"] = False
    result = judge(get_claim("NEG-cheating-policy"), rows)
    assert result.verdict == "fails" and result.failures == ["wrong answer"] and not result.ok


def test_the_cheating_policy_would_meet_its_bound_if_the_audit_were_off():
    # the control is meaningful: the hidden counter buys 2 steps and a right answer
    rows = [_cheating_steps(n, 0, check_stateless=False) | {"x": n} for n in (4, 16, 64)]
    assert judge(get_claim("NEG-cheating-policy"), rows).verdict == "holds"
    caught = judge(get_claim("NEG-cheating-policy"), [measure("NEG-cheating-policy", 4)])
    assert caught.verdict == "fails" and caught.failures == ["hidden state"] and caught.ok


def test_a_control_that_holds_is_not_ok():
    result = judge(get_claim("NEG-apmdm-maxflow-constant-steps"), rows_of([5, 6, 7, 8]))
    assert result.verdict == "holds" and not result.ok


@pytest.mark.parametrize("row_change, kind, reason", [
    ({"correct": False}, "wrong answer", "wrong answer"),
    ({"correct": None, "limit": "max_steps 192"}, "bound", "used up its room"),
    ({"serial_cost": 10**9, "peak_context": 10}, "law", "Theorem 2"),
    ({"error": "HiddenStateError: x"}, "hidden state", "HiddenStateError")])
def test_a_bad_row_fails_the_claim_with_its_kind(row_change, kind, reason):
    rows = rows_of([4, 20, 88, 340])
    rows[1] |= row_change
    result = judge(get_claim("E-parity-apmdm-steps"), rows)
    assert result.verdict == "fails" and kind in result.failures and reason in result.reason
    assert not result.ok


def test_a_run_cut_short_by_its_room_is_a_failure_not_inconclusive():
    # a correct parity process that takes 4n steps: its runs get room(2n) = 8n + 64 steps,
    # so it finishes, and 4n > 2n fails the stated constant at every size
    result = judge(get_claim("E-parity"), rows_of([4 * n for n in (4, 16, 64, 256)]))
    assert result.verdict == "fails" and "bound" in result.failures
    assert room(2 * 256) >= 4 * 2 * 256


def test_the_constant_is_the_registry_s_not_fitted_on_the_data():
    # two MDM steps per PRAM step: c would double if it were fitted; stated, it fails
    rows = [{"n": n, "x": t, "value": 2.0 * t, "correct": True}
            for n, t in ((4, 5), (8, 7), (16, 9), (32, 11))]
    result = judge(get_claim("T1"), rows)
    assert result.verdict == "fails" and result.constant == 1 and "bound" in result.failures


def test_a_series_one_class_faster_fails_on_growth_within_its_constant():
    # n log n / 64 stays under 8(n + 1) at these sizes, yet grows a class faster
    import math
    sizes = (4, 8, 16, 32, 64, 128)
    values = [n * math.log2(n) / 64 * 8 for n in sizes]
    rows = rows_of(values, sizes)
    result = judge(get_claim("T4-prefix-sums-context"), rows)
    assert result.failures == ["growth"] and result.slope > result.tolerance


def test_an_asymptotic_claim_is_calibrated_on_its_separate_run():
    # the connectivity claim as it was before its constant was stated: log² n, calibrated
    claim = dataclasses.replace(get_claim("T1-connectivity-steps"), bound="log(n, 2)**2",
                                constant=None, constant_source="")
    calibration = [{"n": 2, "x": 2, "value": 60.0, "correct": True}]
    judged = rows_of([99, 138, 158, 197, 256], (4, 8, 16, 32, 128))
    result = judge(claim, judged, calibration_rows=calibration)
    assert result.verdict == "holds" and result.constant == 60.0
    assert result.calibration_sizes == [2] and result.sizes == [4, 8, 16, 32, 128]
    too_narrow = judge(claim, judged[:3], calibration_rows=calibration)
    assert too_narrow.verdict == "inconclusive" and "1.5 decades" in too_narrow.reason


def test_a_law_row_says_so():
    (result,) = check_claims(["T2-parity"], sizes=[4, 16, 64])
    assert result.verdict == "holds (law)" and result.ok


def test_parity_claims_hold_on_a_small_sweep():
    results = check_claims(["E-parity"], sizes=[4, 16, 64])
    assert {r.verdict for r in results} == {"holds"}
    assert results[0].measured[-1] <= 2 * 64


def test_jobs_put_calibration_first_and_only_where_the_constant_is_not_stated():
    jobs = plan_jobs(select_claims(["E-parity-arm-steps", "NEG-arm-parity-log-steps"]),
                     sizes=[8, 4, 8], seed=3)
    assert jobs == [("E-parity-arm-steps", 4, 3, False), ("E-parity-arm-steps", 8, 3, False),
                    ("NEG-arm-parity-log-steps", 2, 3, False),
                    ("NEG-arm-parity-log-steps", 4, 3, False),
                    ("NEG-arm-parity-log-steps", 8, 3, False)]
    quick = plan_jobs(select_claims(["E-parity-arm-steps"]), quick=True)
    assert quick and all(job[3] for job in quick)  # the quick profile runs as plain Python


def test_the_quick_profile_judges_every_paper_claim():
    for claim_id in PAPER_CLAIMS:
        assert measurements()[claim_id].quick_sizes


def test_the_quick_profile_compiles_nothing():
    # a fresh process: the quick check of claims with kernels never imports Numba
    import subprocess
    import sys
    code = ("import sys; from proofs.checker import check_claims; "
            "results = check_claims(['T1-connectivity-steps', 'T5', 'E-sudoku', 'E-maxflow'], "
            "quick=True); assert all(r.ok for r in results); print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
