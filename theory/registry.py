"""Registries of named things: one lookup that suggests close matches and lists the rest.

Every registry of named things (claims, tasks, PRAM programs, certified policies) is a
:class:`Registry`: its ``get`` returns the entry or raises one error that says what was
asked for, the close matches and what is known, and its ``names`` lists them in order.
:func:`lookup` is the same check for a collection that is not a registry (the lattice's
classes). It lives in
``theory`` because that is the lowest layer every registry's owner may import (``proofs``
imports ``theory``; ``simulators`` and ``theory`` may not import each other, and
``simulators`` keeps no registry of names).
"""

import difflib

__all__ = ["Registry", "close_matches", "lookup"]


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


class Registry:
    """Entries of one kind by name: :meth:`get` one (close matches on a miss), list the :meth:`names`.

    Parameters
    ----------
    kind : str
        What an entry is, for messages: ``"task"``, ``"claim"``, ``"PRAM program"``.
    entries : dict
        Name -> entry, in the order :meth:`names` lists them; the registry keeps this dict
        (adding to it adds to the registry).
    error : type, optional
        The exception an unknown name raises (the owner's layer's own).
    load : callable, optional
        ``load(entry) -> object``: what :meth:`get` returns for an entry (default: the
        entry itself; tasks and certified policies store an import path and load it on
        first use, so that naming one imports only its module).
    known : str, optional
        The message's last part instead of every name (see :func:`lookup`).
    cutoff : float, optional
        How alike a name must be to be suggested (``difflib`` ratio, 0..1).

    Examples
    --------
    >>> machines = Registry("machine", {"arm": 1, "mdm": 2}, error=KeyError)
    >>> machines.get("mdm"), machines.names(), "arm" in machines
    (2, ['arm', 'mdm'], True)
    >>> machines.get("mdn")
    Traceback (most recent call last):
    ...
    KeyError: "no machine 'mdn'; did you mean mdm? known: arm, mdm"
    """

    def __init__(self, kind, entries, *, error=LookupError, load=None, known=None, cutoff=0.5):
        self.kind = kind
        self.entries = entries
        self.error = error
        self.load = load
        self.known = known
        self.cutoff = cutoff

    def get(self, name):
        """Return the entry called ``name``.

        Raises
        ------
        error
            For an unknown name; the message suggests close matches (:func:`lookup`).
        """
        entry = lookup(self.entries, name, self.kind, error=self.error, known=self.known,
                       cutoff=self.cutoff)
        return entry if self.load is None else self.load(entry)

    def names(self):
        """Return every name, in registry order."""
        return list(self.entries)

    def __contains__(self, name):
        return name in self.entries

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)
