"""Errors of the theory layer: a family instance or its text, a claim id or a series refused."""

__all__ = ["FamilyInputError", "ClaimInputError"]


class FamilyInputError(ValueError):
    """An instance or the text it is read from is malformed: a bad character in a bit
    string, a Sudoku of the wrong size, a DIMACS header that lies. The message names the
    place (offset, line) and what was expected. The command line prints it on one line
    and exits with status 2, like every error genpower raises on purpose."""


class ClaimInputError(FamilyInputError):
    """An unknown claim id, or a measured series the growth fit cannot use (fewer points
    than sizes, a non-positive size or bound, a value that is not finite). The message
    names the claim or the point and says what was expected."""
