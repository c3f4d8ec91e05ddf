"""Read a text file the one way genpower reads its inputs: UTF-8, ``-`` for stdin, one error."""

import sys

from simulators.errors import InputFormatError

__all__ = ["read_text"]


def read_text(path, what="file"):
    """Return the text of ``path`` (``"-"`` reads standard input), decoded as UTF-8.

    Parameters
    ----------
    path : str or os.PathLike
        The file, or ``"-"``.
    what : str, optional
        How a message names it, e.g. ``"--input"`` or ``"RULES file"``.

    Returns
    -------
    str

    Raises
    ------
    InputFormatError
        If the file cannot be opened or read, or is not UTF-8 text; the message names
        ``what`` and ``path`` and says why.

    Examples
    --------
    >>> read_text("/no/such/file", "--input")
    Traceback (most recent call last):
    ...
    simulators.errors.InputFormatError: cannot read --input /no/such/file: No such file or directory
    """
    try:
        if str(path) == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InputFormatError(f"cannot read {what} {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputFormatError(f"{what} {path} is not UTF-8 text (byte {error.start} cannot be "
                               "decoded)") from None
