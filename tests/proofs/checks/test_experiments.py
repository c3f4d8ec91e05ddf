"""The max-flow experiment: E-maxflow holds within its stated bound, its control fails."""

from proofs.checker import check_claims


def test_maxflow_steps_stay_within_the_stated_guarantee():
    (result,) = check_claims(["E-maxflow"], quick=True)
    assert result.verdict == "holds", result.reason


def test_the_constant_steps_control_fails():
    (result,) = check_claims(["NEG-apmdm-maxflow-constant-steps"], quick=True)
    assert result.verdict == "fails", result.reason


def test_a_process_slower_than_its_guarantee_would_fail():
    """The exact bound has no slack: a value just over 1 at one size is a failure."""
    from proofs.checker import judge
    from theory.claims import get_claim

    rows = [{"n": n, "x": n, "value": value, "correct": True}
            for n, value in ((3, 0.6), (6, 0.9), (10, 1.05))]
    assert judge(get_claim("E-maxflow"), rows).verdict == "fails"
