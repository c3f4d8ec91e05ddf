"""The Sudoku and max-flow experiments measured: Sudoku against an independent reference of the
official solver (and a control without MRV), max-flow steps against the process's guarantee."""

import importlib.util
from pathlib import Path

import numpy as np

from proofs.checks import Measurement, room

__all__ = ["MEASUREMENTS", "first_empty_policy", "PUZZLES"]

PUZZLES = {2: (8, 6), 3: (36, 26), 4: (120,)}
"""Board order n -> the givens of its fixed puzzles (seeded), easy to hard."""

REFERENCE = Path(__file__).resolve().parents[2] / "tests" / "sudoku_reference.py"
"""The plain-Python reference of the official solver, written apart from the oracle."""


def _reference():
    spec = importlib.util.spec_from_file_location("sudoku_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_empty_policy(x):
    """The extended Sudoku policy, but choosing the first empty cell where it would choose by
    MRV (a negative control: the official process picks the cell with fewest candidates)."""
    from proofs.oracles.sudoku import MASK, extended_policy
    positions, tokens, ctrl = extended_policy(x)
    if (len(positions) == 3 and positions[0] % 4 == 0 and np.all(ctrl[:, 0] == 1)
            and x[positions[0]] == 0 and not np.any(x == MASK)):   # a clean board's pick
        first = int(np.flatnonzero(x[0::4] == 0)[0])
        positions = np.arange(4 * first, 4 * first + 3, dtype=positions.dtype)
    return positions, tokens, ctrl


def _sudoku(policy=None):
    """Row at board order n: every fixed puzzle solved by the extended AP-MDM process, its
    transitions and six operation counts against the reference's; value: the most
    AP-MDM transitions over the reference's."""

    def function(n, seed):
        from proofs.tasks import get_task, run_task
        from theory.families import sudoku
        if not REFERENCE.exists():
            return {"n": n, "value": None, "correct": None,
                    "unmeasured": f"the reference {REFERENCE} is not shipped with this copy"}
        reference = _reference()
        side, worst, correct, why = n * n, 0.0, True, ""
        for givens in PUZZLES[n]:
            puzzle = sudoku.generate(side, seed, givens=givens)
            _, ops, _ = reference.trajectory([list(map(int, row)) for row in puzzle],
                                             colours=256, official_colour_quirk=False,
                                             keep_states=False)
            task = get_task("sudoku")
            options = {"max_steps": room(len(ops))}
            if policy is not None:
                from dataclasses import replace
                process = replace(task.process("extended"), policy=policy)
                task = replace(task, processes={"extended": process})
            outcome = run_task(task, puzzle, "extended", **options)
            steps = outcome.result.resources.steps
            worst = max(worst, steps / len(ops))
            same = outcome.details["operations"] == reference.operation_counts(ops)
            if not (outcome.correct and same and steps == len(ops)):
                correct = False if outcome.correct is not None else None
                why = (f"{givens} givens: {steps} transitions, the reference {len(ops)}; "
                       f"operations {outcome.details['operations']}")
        return {"n": n, "value": worst, "correct": correct, "why": why,
                "limit": "max_steps 4 × the reference's transitions + 64"}

    return function


def _maxflow_steps(per_round):
    """Row at n nodes: the most steps over 5 random graphs with 3n edges (capped), raw or
    divided by the official process's guarantee 2n(F + 1) + 6 for max-flow value F."""

    def function(n, seed):
        from proofs.oracles.maxflow import steps_bound
        from proofs.tasks import run_task
        from theory.families import maxflow

        rng = np.random.default_rng(seed)
        worst, correct = 0.0, True
        for _ in range(5):
            graph = maxflow.generate(n, rng, edges=min(3 * n, n * (n - 1) // 2))
            flow = maxflow.max_flow_value(graph)
            outcome = run_task("maxflow", graph, max_steps=room(steps_bound(n, flow)))
            steps = outcome.result.resources.steps
            worst = max(worst, steps / steps_bound(n, flow) if per_round else steps)
            correct = correct if outcome.correct else outcome.correct
        return {"n": n, "value": worst, "correct": correct}

    return function


MEASUREMENTS = {
    "E-maxflow": Measurement(_maxflow_steps(True), (3, 6, 10, 14), (3, 6, 10)),
    "NEG-apmdm-maxflow-constant-steps": Measurement(_maxflow_steps(False), (3, 6, 10, 14),
                                                    (3, 6, 10)),
    "E-sudoku": Measurement(_sudoku(), (2, 3, 4), (2, 3, 4)),
    "NEG-sudoku-first-empty-cell": Measurement(_sudoku(first_empty_policy), (2, 3), (2, 3)),
}
