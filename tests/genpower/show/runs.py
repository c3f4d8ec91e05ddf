"""Real runs the tests of genpower.show look at (each made once per test session)."""

from functools import lru_cache

import numpy as np

from genpower.show import from_task_run
from proofs.oracles import sudoku as sudoku_oracle
from proofs.tasks import get_task, run_task
from simulators.machines import APMDM
from simulators.run import run
from theory.families import sudoku

CASES = (("parity", "apmdm", 40), ("parity", "mdm", 40), ("parity", "arm", 20),
         ("maxflow", "apmdm", 10), ("sudoku", "extended", 9), ("edits", "apmdm", 10),
         ("dyck", "apmdm", 12), ("sat", "apmdm", 4))
"""(task, machine, n): every machine, and the four operations, among them."""


@lru_cache(maxsize=None)
def task_run(task, machine, n, seed=3):
    """The recorded run of ``task`` on a generated instance (Sudoku: AI Escargot, 470 steps)."""
    if task == "sudoku":
        instance = sudoku.parse(sudoku.HARD_PUZZLES[0])
    else:
        instance = get_task(task).family.generate(n, np.random.default_rng(seed))
    return run_task(task, instance, machine, record=True)


def trajectory(task, machine, n):
    """The trajectory of :func:`task_run`."""
    return from_task_run(task_run(task, machine, n))


def faulty_sudoku_policy(x):
    """The Sudoku oracle (extended colours: the official ones stop at AI Escargot's
    skull→branch), except that with exactly 40 digits on the board an unmask of a digit
    writes the next digit instead (a stateless model with one fault)."""
    positions, tokens, ctrl = sudoku_oracle.extended_policy(x)
    values = x[0::4]
    if (np.count_nonzero((values >= 1) & (values <= 9)) == 40 and len(positions)
            and positions[0] % 4 == 0 and 1 <= tokens[0] <= 9 and not ctrl[0].any()):
        tokens = tokens.copy()
        tokens[0] = tokens[0] % 9 + 1
    return positions, tokens, ctrl


@lru_cache(maxsize=None)
def oracle_and_model():
    """Recorded traces of the Sudoku oracle and of :func:`faulty_sudoku_policy` on AI Escargot."""
    vocab = sudoku_oracle.vocabulary("extended")
    prompt = sudoku_oracle.encode(sudoku.parse(sudoku.HARD_PUZZLES[0]), "extended")
    oracle = run(APMDM(vocab), sudoku_oracle.extended_policy, prompt, record=True,
                 max_steps=2000)
    model = run(APMDM(vocab), faulty_sudoku_policy, prompt, record=True, max_steps=600,
                check_stateless=False)
    return oracle.trace, model.trace


def naive_first_difference(first, second):
    """The first k whose states differ (or exist in one run only), state by state."""
    a, b = list(first.iter_states()), list(second.iter_states())
    for k in range(max(len(a), len(b))):
        if k >= len(a) or k >= len(b):
            return k, None
        if not np.array_equal(a[k], b[k]):
            shared = min(len(a[k]), len(b[k]))
            differ = np.flatnonzero(a[k][:shared] != b[k][:shared])
            return k, int(differ[0]) if differ.size else shared
    return None
