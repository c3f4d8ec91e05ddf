"""SAT search on AP-MDM and MDM: right on every tested instance, AP-MDM context fixed, MDM's growing."""

import numpy as np
import pytest

from proofs.oracles import qbf_search as search
from proofs.oracles.sat import TASK, sat_rows
from proofs.tasks import run_task
from simulators.machines import APMDM, MDM
from simulators.policies import Edit
from simulators.run import run
from theory.families import sat


@pytest.mark.parametrize("machine", ["apmdm", "mdm"])
@pytest.mark.parametrize("cnf, expected", sat.CASES)
def test_canonical_cases(machine, cnf, expected):
    outcome = run_task("sat", cnf, machine)
    assert outcome.correct and outcome.answer["satisfiable"] is expected


@pytest.mark.parametrize("n", range(0, 11))
def test_answers_equal_brute_force_on_random_formulas(n):
    for seed in range(6):
        cnf = sat.generate(n, seed)
        expected = sat.solve(cnf)["satisfiable"]
        for machine in ("apmdm", "mdm"):
            outcome = run_task("sat", cnf, machine)
            assert outcome.correct and outcome.answer["satisfiable"] == expected
            if expected:
                assert outcome.details["assignment_checked"]


def test_apmdm_context_is_the_prompt_and_mdm_context_grows_with_steps():
    rows = sat_rows(range(2, 11), seed=1)
    for row in rows:
        n = row["n"]
        prompt = len(search.apmdm_prompt("e" * n, sat.generate(n, np.random.default_rng(1)).clauses))
        assert row["apmdm_peak_context"] == prompt  # never grows, whatever the steps
        assert row["mdm_steps"] == row["apmdm_steps"] <= search.steps_bound(n)
        assert row["mdm_context_used"] == prompt - search.frame_size(n) + \
            row["mdm_steps"] * search.frame_size(n)
        assert row["mdm_canvas"] >= row["mdm_context_used"] and row["correct"]


def test_mdm_frames_are_the_apmdm_states_step_by_step():
    cnf = sat.generate(8, 5)
    ap = run(APMDM(search.VOCAB), search.apmdm_policy, search.apmdm_prompt("e" * 8, cnf.clauses),
             record=True)
    mdm = run(MDM(search.VOCAB), search.mdm_policy, search.mdm_canvas("e" * 8, cnf.clauses))
    first, size, written = search.frames(mdm.final)
    frames = mdm.final[first:first + written * size].reshape(written, size)
    states = [search.apmdm_cells(state) for state in ap.trace.states[1:]]
    assert written == len(states) == ap.resources.steps
    for frame, state in zip(frames, states):
        assert np.array_equal(np.where(frame == search.BLANK, search.MASK, frame), state)


def test_the_policies_pass_the_statelessness_audit():
    cnf = sat.generate(7, 3)
    for machine, policy, prompt in ((APMDM, search.apmdm_policy, search.apmdm_prompt),
                                    (MDM, search.mdm_policy, search.mdm_canvas)):
        result = run(machine(search.VOCAB), lambda x, p=policy: p(x), prompt("e" * 7, cnf.clauses),
                     check_stateless=True)
        assert result.stopped_by == "halted"


def _no_backtracking(x):
    cells = search.apmdm_cells(x)
    new = search.next_cells(x, cells)
    if np.any((new == search.TRIED) & (cells != search.TRIED)):  # a flip: give up instead
        new = cells.copy()
        new[-1] = search.RESULT_FALSE
    changed = np.flatnonzero(new != cells)
    if changed.size == 0:
        return None
    ctrl = np.zeros((changed.size, 3), dtype=np.uint8)
    ctrl[:, 0] = new[changed] == search.MASK
    tokens = np.where(new[changed] == search.MASK, search.BLANK, new[changed])
    return Edit(changed + len(x) - len(cells), tokens, ctrl)


def test_negative_control_a_search_that_never_backtracks_is_caught():
    wrong = 0
    for seed in range(10):
        cnf = sat.generate(10, seed)
        result = run(APMDM(search.VOCAB), _no_backtracking, search.apmdm_prompt("e" * 10, cnf.clauses))
        answer = TASK.process("apmdm").answer(result.final)
        wrong += not sat.verify(cnf, answer)
    assert wrong > 0


def test_a_step_limit_gives_no_verdict():
    outcome = run_task("sat", sat.generate(10, 0), max_steps=3)
    assert outcome.correct is None and outcome.result.stopped_by == "max_steps"
