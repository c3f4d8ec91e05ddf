"""Vocabularies: token names <-> int32 ids, with MASK reserved (and BOS/EOS where wanted)."""

from dataclasses import dataclass, field

import numpy as np

from simulators.errors import InvalidArgumentError, UnknownTokenError

__all__ = ["Vocab", "NO_TOKEN"]

NO_TOKEN = -1
"""Id used for "this vocabulary has no such special token" (e.g. no EOS)."""


@dataclass(frozen=True)
class Vocab:
    """A finite vocabulary: ``names[i]`` is the name of token id ``i``.

    Parameters
    ----------
    names : sequence of str
        Token names in id order; names must be distinct and must include ``mask``.
    mask : str
        Name of the mask token (default ``"[MASK]"``).
    bos, eos : str or None
        Names of the begin/end-of-sequence tokens, if the task uses them. By default they
        are ``"[BOS]"``/``"[EOS]"`` when those names are present.

    Raises
    ------
    InvalidArgumentError
        If names repeat, or a special token's name is not among ``names``.

    Examples
    --------
    >>> v = Vocab(["[BOS]", "[EOS]", "[MASK]", "0", "1"])
    >>> v.mask_id, v.bos_id, v.eos_id, len(v)
    (2, 0, 1, 5)
    >>> v.decode(v.encode(["[BOS]", "1", "0"]))
    ['[BOS]', '1', '0']
    """

    names: tuple
    mask: str = "[MASK]"
    bos: str | None = "[BOS]"
    eos: str | None = "[EOS]"
    _ids: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        names = tuple(str(name) for name in self.names)
        object.__setattr__(self, "names", names)
        ids = {name: i for i, name in enumerate(names)}
        if len(ids) != len(names):
            repeated = sorted({n for n in names if names.count(n) > 1})
            raise InvalidArgumentError(f"vocabulary names must be distinct; repeated: {repeated}")
        if self.mask not in ids:
            raise InvalidArgumentError(f"mask token {self.mask!r} is not among the names {list(names)}")
        for role in ("bos", "eos"):
            name = getattr(self, role)
            if name is not None and name not in ids:
                if name == f"[{role.upper()}]":  # the default name is optional
                    object.__setattr__(self, role, None)
                else:
                    raise InvalidArgumentError(f"{role} token {name!r} is not among the names")
        object.__setattr__(self, "_ids", ids)

    def __len__(self):
        return len(self.names)

    @property
    def mask_id(self) -> int:
        """Id of the mask token."""
        return self._ids[self.mask]

    @property
    def bos_id(self) -> int:
        """Id of BOS, or ``NO_TOKEN`` (-1) if the vocabulary has none."""
        return self._ids[self.bos] if self.bos is not None else NO_TOKEN

    @property
    def eos_id(self) -> int:
        """Id of EOS, or ``NO_TOKEN`` (-1) if the vocabulary has none."""
        return self._ids[self.eos] if self.eos is not None else NO_TOKEN

    def id(self, name) -> int:
        """Return the id of token ``name``.

        Raises
        ------
        UnknownTokenError
            If ``name`` is not in the vocabulary.
        """
        try:
            return self._ids[name]
        except KeyError:
            raise UnknownTokenError(f"token {name!r} is not in the vocabulary {list(self.names)}") from None

    def encode(self, names) -> np.ndarray:
        """Return the int32 ids of a sequence of token names."""
        return np.array([self.id(name) for name in names], dtype=np.int32)

    def decode(self, ids) -> list:
        """Return the names of a sequence of ids.

        Raises
        ------
        UnknownTokenError
            If an id is outside ``0 .. len(self) - 1``.
        """
        ids = np.asarray(ids)
        self.check(ids, "ids")
        return [self.names[int(i)] for i in ids]

    def check(self, ids, what="sequence"):
        """Raise :class:`UnknownTokenError` naming the first id of ``ids`` outside the vocabulary."""
        ids = np.asarray(ids)
        if ids.size == 0 or (ids.min() >= 0 and ids.max() < len(self.names)):
            return  # no temporary arrays on the common path
        bad = np.flatnonzero((ids < 0) | (ids >= len(self.names)))
        if bad.size:
            i = int(bad[0])
            raise UnknownTokenError(
                f"{what}[{i}]={int(ids[i])} is not in the vocabulary (ids 0..{len(self.names) - 1}); "
                "build sequences with vocab.encode()", position=i)

    def format(self, ids, sep=" ") -> str:
        """Return ``ids`` as a readable string, e.g. ``'[BOS] 1 [MASK]'``."""
        return sep.join(self.decode(ids))
