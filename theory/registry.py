"""Find an entry of a registry by name: the one lookup that suggests close matches and lists the rest.

Every registry of named things (claims, lattice classes, tasks, PRAM programs, certified
policies) is a mapping from name to entry; :func:`lookup` returns the entry or raises one
error that says what was asked for, the close matches and what is known. It lives in
``theory`` because that is the lowest layer every registry's owner may import (``proofs``
imports ``theory``; ``simulators`` and ``theory`` may not import each other, and
``simulators`` keeps no registry of names).
"""

import difflib

__all__ = ["close_matches", "lookup"]


def close_matches(name, names, cutoff=0.5):
    """Return up to three of ``names`` that ``name`` resembles, best first.

    Examples
    --------
    >>> close_matches("parit", ["parity", "sudoku", "prefix_sums"])
    ['parity']
    """
    return difflib.get_close_matches(str(name), list(names), n=3, cutoff=cutoff)


def lookup(entries, name, kind, *, error=LookupError, known=None, cutoff=0.5):
    """Return ``entries[name]``, or raise ``error`` naming the close matches.

    Parameters
    ----------
    entries : mapping or collection
        Name -> entry (a collection of names returns the name itself).
    name : str
        What was asked for.
    kind : str
        What an entry is, for the message: ``"task"``, ``"claim"``, ``"PRAM program"``.
    error : type, optional
        The exception class to raise (the caller's layer's own, e.g.
        ``InvalidArgumentError``).
    known : str, optional
        The message's last part; by default ``known:`` and every name, comma-separated.
    cutoff : float, optional
        How alike a name must be to be suggested (``difflib`` ratio, 0..1).

    Returns
    -------
    object
        The entry.

    Raises
    ------
    error
        If ``name`` is not in ``entries``: ``no task 'parit'; did you mean parity?
        known: parity, sudoku``.

    Examples
    --------
    >>> lookup({"parity": 1, "sudoku": 2}, "parity", "task")
    1
    >>> lookup({"parity": 1, "sudoku": 2}, "parit", "task")
    Traceback (most recent call last):
    ...
    LookupError: no task 'parit'; did you mean parity? known: parity, sudoku
    """
    if name in entries:
        return entries[name] if hasattr(entries, "keys") else name
    close = close_matches(name, entries, cutoff)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    listing = f"known: {', '.join(map(str, entries))}" if known is None else known
    raise error(f"no {kind} {name!r}; {hint}{listing}")
