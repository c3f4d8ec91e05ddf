"""Errors of the theory layer: an instance, or its text form, that a family refuses."""

__all__ = ["FamilyInputError"]


class FamilyInputError(ValueError):
    """An instance or the text it is read from is malformed: a bad character in a bit
    string, a Sudoku of the wrong size, a DIMACS header that lies. The message names the
    place (offset, line) and what was expected. The command line prints it on one line
    and exits with status 2, like every error genpower raises on purpose."""
