"""The paper's experiments as processes: Sudoku transitions per second through run() with the compiled policy."""

from proofs.benchmarks import BenchRow, best_time
from proofs.oracles import sudoku as oracle
from simulators.machines import APMDM
from simulators.run import run as run_machine
from theory.families import sudoku

__all__ = ["run"]

GOAL = 10**6


def _solve_all(puzzles, machine, policy):
    steps = 0
    for puzzle in puzzles:
        result = run_machine(machine, policy, oracle.encode(puzzle), max_steps=10**9)
        assert result.stopped_by == "halted"  # solved, or (official) past depth 15
        steps += result.resources.steps
    return steps


def run(quick):
    """Rows of ``genpower bench --only experiments``."""
    puzzles = [sudoku.parse(text) for text in sudoku.HARD_PUZZLES]
    rows = []
    for name, policy in (("official", oracle.official_policy),
                         ("extended", oracle.extended_policy)):
        machine = APMDM(oracle.vocabulary(name))
        steps = _solve_all(puzzles, machine, policy)          # compiles (or loads the cache)
        seconds = best_time(lambda: _solve_all(puzzles, machine, policy), 2 if quick else 5)
        rate = steps / seconds
        rows.append(BenchRow(f"sudoku transitions/s ({name})", rate, "transitions/s",
                             goal=">= 1e6", met=rate >= GOAL,
                             detail=f"{len(puzzles)} hard 9x9 puzzles, {steps:,} transitions "
                                    f"in {seconds:.3f} s through run() with the njit policy"))
    return rows

