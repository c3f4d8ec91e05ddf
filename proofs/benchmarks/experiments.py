"""The paper's experiments as processes: Sudoku transitions per second through run() with
the compiled policy, and max-flow edits per second through run_task."""

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
    rows.append(_maxflow_row(quick))
    return rows


def _maxflow_row(quick):
    """Max-flow by graph editing (a Python policy): edits and steps per second, run_task."""
    from proofs.tasks import run_task
    from theory.families import maxflow

    graphs = [maxflow.generate(n, seed, edges=3 * n)
              for n in ((8, 12) if quick else (8, 12, 16, 20)) for seed in range(3)]

    def solve_all():
        edits = steps = 0
        for graph in graphs:
            outcome = run_task("maxflow", graph)
            assert outcome.correct
            edits += outcome.result.resources.edits + outcome.result.resources.unmasks
            steps += outcome.result.resources.steps
        return edits, steps

    edits, steps = solve_all()
    seconds = best_time(solve_all, 2 if quick else 3)
    return BenchRow("max-flow edits/s (Python policy)", edits / seconds, "edits/s",
                    detail=f"{len(graphs)} random graphs of 8-{max(len(g) for g in graphs)} "
                           f"nodes and 3n edges: {edits:,} edits (unmasks, remasks, inserts, "
                           f"deletes) in {steps:,} steps, {seconds:.3f} s through run_task, "
                           "each answer checked against networkx")

