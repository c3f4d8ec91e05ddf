"""TQBF search on AP-MDM and MDM: the value equals the brute force on every tested formula."""

import pytest

from proofs.oracles import qbf_search as search
from proofs.oracles.tqbf import tqbf_rows
from proofs.tasks import run_task
from theory.families import tqbf


@pytest.mark.parametrize("machine", ["apmdm", "mdm"])
@pytest.mark.parametrize("qbf, expected", tqbf.CASES)
def test_canonical_cases(machine, qbf, expected):
    outcome = run_task("tqbf", qbf, machine)
    assert outcome.correct and outcome.answer is expected


@pytest.mark.parametrize("n", range(0, 11))
def test_values_equal_brute_force_on_random_formulas(n):
    for seed in range(6):
        qbf = tqbf.generate(n, seed)
        for machine in ("apmdm", "mdm"):
            outcome = run_task("tqbf", qbf, machine)
            assert outcome.correct and outcome.answer == tqbf.solve(qbf)


def test_all_universal_formulas_need_every_branch():
    qbf = tqbf.QBF(6, "aaaaaa", ((6, -6),))  # true, and settled only once variable 6 is set
    outcome = run_task("tqbf", qbf)
    assert outcome.answer is True
    # every one of the 2^6 leaves is visited: the step bound 3·2^n - 2 is reached exactly
    assert outcome.result.resources.steps == search.steps_bound(6)


def test_contexts_side_by_side():
    rows = tqbf_rows(range(2, 11, 2), seed=2)
    assert all(row["correct"] for row in rows)
    prompts = [row["apmdm_peak_context"] for row in rows]
    used = [row["mdm_context_used"] for row in rows]
    assert all(u > p for u, p in zip(used, prompts))
    assert [row["mdm_steps"] for row in rows] == [row["apmdm_steps"] for row in rows]
