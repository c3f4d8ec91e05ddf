"""TQBF by depth-first ∀/∃ evaluation: in place on AP-MDM (PSPACE in polynomial context), and on an MDM canvas.

The search is :mod:`proofs.oracles.qbf_search`; the answer is the formula's value
(True/False). :func:`tqbf_rows` runs both machines on the same instances.
"""

from proofs.oracles import qbf_search as search
from proofs.oracles.sat import search_processes, search_rows
from proofs.tasks import Task
from theory.families import tqbf

__all__ = ["TASK", "tqbf_rows"]


def _answer(cells_of):
    def answer(final):
        return search.read_cells(cells_of(final))[0]
    return answer


TASK = Task(
    name="tqbf",
    summary="TQBF by depth-first ∀/∃ evaluation: AP-MDM in place (fixed context), MDM frame by frame",
    family=tqbf,
    processes=search_processes(lambda qbf: (qbf.quantifiers, qbf.clauses), _answer,
                               tqbf.DEFAULT_RATIO),
)
"""TQBF on AP-MDM (default) and MDM; n is the number of variables."""


def tqbf_rows(sizes, seed=0):
    """:func:`proofs.oracles.sat.search_rows` for TQBF: alternating ∃∀ over random 3-CNF."""
    return search_rows(TASK, tqbf, sizes, seed)
