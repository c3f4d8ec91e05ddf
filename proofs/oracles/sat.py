"""SAT by depth-first search: in place on AP-MDM (context fixed), on a write-once MDM canvas (context grows).

The search is :mod:`proofs.oracles.qbf_search` with every variable existential. The
answer is ``{"satisfiable", "assignment"}``, read from the result cell and the value
cells; the assignment is checked against the formula. :func:`sat_rows` runs both
machines on the same instances for the claims checker.
"""

from proofs.oracles import qbf_search as search
from proofs.tasks import Process, Task, run_task
from simulators.errors import InvalidArgumentError
from simulators.machines import APMDM, MDM
from simulators.validation import as_rng, check_nonnegative_int
from theory.families import sat

__all__ = ["TASK", "sat_rows", "search_rows", "search_processes"]


def _answer(cells_of):
    def answer(final):
        value, assignment = search.read_cells(cells_of(final))
        if value is None:
            return None
        return {"satisfiable": value, "assignment": assignment if value else None}
    return answer


def _details(cells_of, formula):
    def details(result, instance):
        value, assignment = search.read_cells(cells_of(result.final))
        prompt = len(search.formula_tokens(*formula(instance)))
        n = len(instance)
        written = search.frames(result.final)[2] if cells_of is search.mdm_cells else None
        used = (prompt + written * search.frame_size(n) if written is not None
                else result.resources.peak_context)
        fields = {"clauses": len(instance.clauses), "formula_tokens": prompt, "context_used": used}
        if isinstance(instance, sat.CNF):
            fields.update(satisfiable=value, assignment=assignment if value else None,
                          assignment_checked=bool(value) and sat.satisfies(instance, assignment))
        else:
            fields["value"] = value
        return fields
    return details


def _formula_size(n, ratio):
    """Tokens of a generated formula on n variables (the context bound's formula part)."""
    clauses = round(ratio * n)
    return n + 3 + clauses * (3 * (1 + n.bit_length()) + 1)


def _run_bound(n):
    """The step limit of a run: the search's bound, and one more call to see the result."""
    return search.steps_bound(n) + 1


def search_processes(formula, answer_of, ratio):
    """Return the apmdm and mdm processes of the search for instances read by ``formula``.

    ``formula(instance) -> (quantifiers, clauses)``; ``answer_of(cells_of)`` makes the
    answer reader; ``ratio`` is the generator's clauses per variable (for the context
    bound of generated instances; a file with more clauses has a longer prompt).
    """
    return {
        "apmdm": Process(lambda: APMDM(search.VOCAB), lambda i: search.apmdm_prompt(*formula(i)),
                         search.apmdm_policy, answer_of(search.apmdm_cells),
                         steps_bound=_run_bound,
                         context_bound=lambda n: _formula_size(n, ratio) + search.frame_size(n),
                         details=_details(search.apmdm_cells, formula)),
        "mdm": Process(lambda: MDM(search.VOCAB), lambda i: search.mdm_canvas(*formula(i)),
                       search.mdm_policy, answer_of(search.mdm_cells),
                       steps_bound=_run_bound,
                       context_bound=lambda n: (_formula_size(n, ratio) + search.steps_bound(n)
                                                * search.frame_size(n)),
                       details=_details(search.mdm_cells, formula)),
    }


TASK = Task(
    name="sat",
    summary="SAT by depth-first search: AP-MDM in place (fixed context), MDM frame by frame",
    family=sat,
    processes=search_processes(lambda cnf: ("e" * cnf.num_vars, cnf.clauses), _answer,
                               sat.DEFAULT_RATIO),
)
"""SAT on AP-MDM (default) and MDM; n is the number of variables."""


def search_rows(task, family, sizes, seed):
    """Run AP-MDM and MDM on the same generated instances; one row per size.

    Each row: ``n``, ``clauses``, ``answer`` (AP-MDM's), ``correct`` (both machines
    right), ``apmdm_steps``, ``apmdm_peak_context``, ``mdm_steps``, ``mdm_canvas`` (its
    peak context, sized for the worst case), ``mdm_context_used`` (prompt + frames it
    wrote).

    Raises
    ------
    MemoryBudgetError
        If the MDM canvas of a size would not fit in memory.
    """
    rows = []
    for n in sizes:
        instance = family.generate(n, as_rng(seed))
        apmdm = run_task(task, instance, "apmdm")
        mdm = run_task(task, instance, "mdm")
        rows.append({"n": n, "clauses": len(instance.clauses), "answer": apmdm.answer,
                     "correct": bool(apmdm.correct and mdm.correct),
                     "apmdm_steps": apmdm.result.resources.steps,
                     "apmdm_peak_context": apmdm.result.resources.peak_context,
                     "mdm_steps": mdm.result.resources.steps,
                     "mdm_canvas": mdm.result.resources.peak_context,
                     "mdm_context_used": mdm.details["context_used"]})
    return rows


def sat_rows(sizes, seed=0):
    """:func:`search_rows` for SAT: random 3-CNF at 4.26 clauses per variable."""
    return search_rows(TASK, sat, sizes, seed)
