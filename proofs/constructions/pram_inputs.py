"""PRAM library programs by name with generated or parsed inputs: the one adapter to the generators.

The generators live in :mod:`proofs.commands.pram` for now; when they move to
``theory.families``, only :func:`pram_instance` changes.
"""

from types import SimpleNamespace

from simulators.errors import InvalidArgumentError
from simulators.validation import as_rng, check_positive_int

__all__ = ["PROGRAMS", "pram_instance"]


def _tasks():
    from proofs.commands.pram import TASKS
    return TASKS


#: Names of the PRAM library programs (those ``genpower pram`` runs).
PROGRAMS = ("prefix_sum_hillis_steele", "prefix_sum_blelloch", "tree_sum", "parity",
            "list_ranking", "connectivity", "dyck", "circuit_value")


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

    Examples
    --------
    >>> program, cells = pram_instance("tree_sum", n=4, seed=0)
    >>> program.name, len(cells)
    ('tree_sum(n=4)', 4)
    """
    tasks = _tasks()
    if name not in tasks:
        import difflib
        close = difflib.get_close_matches(name, tasks, n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise InvalidArgumentError(
            f"no PRAM program {name!r}; {hint}(programs: {', '.join(tasks)})")
    task = tasks[name]
    if text is not None:
        instance = task.parse(text, SimpleNamespace(pairs="()[]{}<>"))
    elif n is not None:
        instance = task.generate(check_positive_int(n, "n"), as_rng(seed))
    else:
        raise InvalidArgumentError("give a size n or an instance text")
    return task.build(instance)
