"""The paper's experiments as processes: Sudoku transitions per second through run() with
the compiled policy, and max-flow edits per second (compiled policy) through run_task and run()."""

from genpower.benchmarks import BenchRow, best_time
from proofs.oracles import sudoku as oracle
from simulators.machines import APMDM
from simulators.run import run as run_machine
from theory.families import sudoku

__all__ = ["run"]



def _solve_all(puzzles, machine, policy):
    steps = 0
    for puzzle in puzzles:
        result = run_machine(machine, policy, oracle.encode(puzzle), max_steps=10**9)
        assert result.stopped_by == "halted"  # solved, or (official) past depth 15 or at a skull→branch
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
                             detail=f"{len(puzzles)} hard 9x9 puzzles, {steps:,} transitions "
                                    f"in {seconds:.3f} s through run() with the njit policy"))
    rows.extend(_maxflow_rows(quick))
    return rows


def _maxflow_rows(quick):
    """Max-flow by graph editing: edits per second with the compiled policy through
    run_task (answers checked), and the compiled policy against the Python one in run()."""
    from proofs.oracles import maxflow as flow_oracle
    from proofs.tasks import run_task
    from theory.families import maxflow

    graphs = [maxflow.generate(n, seed, edges=3 * n)
              for n in ((8, 12, 16) if quick else (8, 12, 16, 20, 30)) for seed in range(3)]
    machine = APMDM(flow_oracle.VOCAB)

    def through_run_task():
        edits = steps = 0
        for graph in graphs:
            outcome = run_task("maxflow", graph)
            assert outcome.correct
            edits += outcome.result.resources.edits + outcome.result.resources.unmasks
            steps += outcome.result.resources.steps
        return edits, steps

    def through_run(policy):
        for graph in graphs:
            run_machine(machine, policy, flow_oracle.prompt(graph), max_steps=10**6)

    edits, steps = through_run_task()
    seconds = best_time(through_run_task, 2 if quick else 3)
    through_run(flow_oracle.compiled_policy)
    compiled = best_time(lambda: through_run(flow_oracle.compiled_policy), 3 if quick else 5)
    python = best_time(lambda: through_run(flow_oracle.policy), 2 if quick else 3)
    sizes = f"{len(graphs)} random graphs of 8-{max(len(g) for g in graphs)} nodes and 3n edges"
    return [
        BenchRow("max-flow edits/s (compiled policy, run_task)", edits / seconds, "edits/s",
                 detail=f"{sizes}: {edits:,} edits (unmasks, remasks, inserts, deletes) in "
                        f"{steps:,} steps, {seconds:.3f} s through run_task, each answer "
                        "checked against networkx and its operations counted"),
        BenchRow("max-flow edits/s (compiled policy, run())", edits / compiled, "edits/s",
                 detail=f"the same runs through run() alone: {compiled * 1e3:.2f} ms; the "
                        f"Python policy takes {python / compiled:.0f}x as long "
                        f"({edits / python:,.0f} edits/s)"),
    ]
