"""The instance check of a family whose instances are one dataclass that checks itself when made."""

from theory.errors import FamilyInputError

__all__ = ["instance_of"]


def instance_of(value, cls, how):
    """Return ``value`` if it is a ``cls`` (whose constructor checked it), else raise.

    Raises
    ------
    FamilyInputError
        Naming the type given and ``how`` to make an instance.

    Examples
    --------
    >>> instance_of(3, int, "int(text)")
    3
    """
    if not isinstance(value, cls):
        raise FamilyInputError(f"expected a {cls.__module__.rsplit('.', 1)[-1]}."
                               f"{cls.__name__}, got {type(value).__name__}; make one with {how}")
    return value
