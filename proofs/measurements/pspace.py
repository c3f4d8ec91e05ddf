"""Theorem 4's PSPACE corollary measured: AP-MDM decides random QBFs holding the formula and
one frame; an MDM on the same QBFs writes a frame per step (the contrast control)."""

from proofs.measurements import Measurement, room

__all__ = ["MEASUREMENTS"]


def _tqbf_context(n, seed):
    """Row at n variables: the AP-MDM search on a random QBF (alternating ∃∀ over 3-CNF);
    value: its peak context beyond the formula's tokens (the working cells); right when
    the answer equals the family's brute-force evaluation."""
    from proofs.oracles.qbf_search import formula_tokens, steps_bound
    from proofs.tasks import get_task, run_task
    from simulators.validation import as_rng
    task = get_task("tqbf")
    instance = task.family.generate(n, as_rng(seed))
    formula = len(formula_tokens(instance.quantifiers, instance.clauses))
    limit = room(steps_bound(n))
    outcome = run_task(task, instance, "apmdm", max_steps=limit)
    return {"n": n, "value": outcome.result.resources.peak_context - formula,
            "correct": outcome.correct, "limit": f"max_steps {limit}", "formula": formula,
            "steps": outcome.result.resources.steps}


def _tqbf_mdm_context(n, seed):
    """Row at n variables: the same search on an MDM, on the same QBF as
    :func:`_tqbf_context`; value: the context it used beyond the formula (the frames it
    wrote, 2n + 1 cells each: a written token is never remasked)."""
    from proofs.tasks import get_task, run_task
    from simulators.validation import as_rng
    task = get_task("tqbf")
    instance = task.family.generate(n, as_rng(seed))
    outcome = run_task(task, instance, "mdm")
    used, formula = outcome.details["context_used"], outcome.details["formula_tokens"]
    return {"n": n, "value": used - formula, "correct": outcome.correct,
            "formula": formula, "steps": outcome.result.resources.steps}


MEASUREMENTS = {
    "T4-tqbf-context": Measurement(_tqbf_context, (4, 8, 12, 16), (4, 6, 8, 10)),
    "NEG-mdm-tqbf-one-frame": Measurement(_tqbf_mdm_context, (4, 8, 12, 16), (4, 6, 8, 10)),
}
