"""The Sudoku and max-flow experiments measured: AP-MDM context and steps across sizes."""

from proofs.checks import Measurement

__all__ = ["MEASUREMENTS"]


def _sudoku_context(per_cell):
    """Row at board order n (side n², n⁴ cells): peak context, or context per cell."""

    def function(n, seed):
        from proofs.tasks import run_task
        from theory.families import sudoku

        side = n * n
        puzzle = sudoku.generate(side, seed, givens={4: 8, 9: 30, 16: 120}[side])
        outcome = run_task("sudoku", puzzle, "extended")
        context = outcome.result.resources.peak_context
        return {"n": n, "value": context / n**4 if per_cell else context,
                "correct": outcome.correct}

    return function


def _maxflow_steps(per_round):
    """Row at n nodes: the most steps over 5 random graphs with 3n edges (capped), raw or
    divided by the official process's guarantee 2n(F + 1) + 6 for max-flow value F."""

    def function(n, seed):
        import numpy as np

        from proofs.oracles.maxflow import steps_bound
        from proofs.tasks import run_task
        from theory.families import maxflow

        rng = np.random.default_rng(seed)
        worst, correct = 0.0, True
        for _ in range(5):
            graph = maxflow.generate(n, rng, edges=min(3 * n, n * (n - 1) // 2))
            outcome = run_task("maxflow", graph)
            steps = outcome.result.resources.steps
            flow = maxflow.max_flow_value(graph)
            worst = max(worst, steps / steps_bound(n, flow) if per_round else steps)
            correct = correct and outcome.correct
        return {"n": n, "value": worst, "correct": correct}

    return function


MEASUREMENTS = {
    "E-maxflow": Measurement(_maxflow_steps(True), (3, 6, 10, 14), (3, 6, 10)),
    "NEG-apmdm-maxflow-constant-steps": Measurement(_maxflow_steps(False), (3, 6, 10, 14),
                                                    (3, 6, 10)),
    "E-sudoku": Measurement(_sudoku_context(False), (2, 3, 4), (2, 3, 4)),
    "NEG-apmdm-sudoku-context-grows": Measurement(_sudoku_context(True), (2, 3, 4), (2, 3, 4)),
}
