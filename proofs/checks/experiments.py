"""The Sudoku experiment measured: the AP-MDM's context across board orders (E-sudoku)."""

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


MEASUREMENTS = {
    "E-sudoku": Measurement(_sudoku_context(False), (2, 3, 4), (2, 3, 4)),
    "NEG-apmdm-sudoku-context-grows": Measurement(_sudoku_context(True), (2, 3, 4), (2, 3, 4)),
}
