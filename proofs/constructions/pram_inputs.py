"""PRAM library programs by name with generated or parsed inputs, for the constructions.

The instances, programs and input cells come from the task table of
:mod:`proofs.pram_tasks` (the families of ``theory.families``).
"""

from proofs.pram_tasks import PRAM_TASKS, check_instance, generate_instance, get_pram_task
from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.validation import as_rng, check_positive_int
from theory.errors import FamilyInputError

__all__ = ["PROGRAMS", "pram_instance"]

PROGRAMS = tuple(PRAM_TASKS)
"""Names of the PRAM library programs (those ``genpower pram`` runs)."""


def pram_instance(name, n=None, seed=0, text=None):
    """Return ``(program, input_cells)`` of library program ``name`` on an instance.

    Parameters
    ----------
    name : str
        One of :data:`PROGRAMS`.
    n : int, optional
        Generate a random instance of this size from ``seed``.
    seed : int
        Seed for the generator.
    text : str, optional
        Parse the instance from this text instead (formats as in ``genpower pram``).

    Raises
    ------
    InvalidArgumentError
        If ``name`` is unknown or neither ``n`` nor ``text`` is given.
    InputFormatError
        If ``text`` cannot be read.
    MemoryBudgetError
        If the program would not fit in the memory budget.

    Examples
    --------
    >>> program, cells = pram_instance("tree_sum", n=4, seed=0)
    >>> program.name, len(cells)
    ('tree_sum(n=4)', 4)
    """
    task = get_pram_task(name)
    if text is not None:
        try:
            instance = task.family.parse(text)
        except FamilyInputError as error:
            raise InputFormatError(str(error)) from None
        check_instance(name, instance)
    elif n is not None:
        instance = generate_instance(name, check_positive_int(n, "n"), as_rng(seed))
    else:
        raise InvalidArgumentError("give a size n or an instance text")
    return task.program(instance), task.cells(instance)
