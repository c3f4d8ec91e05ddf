"""Plain-Python references that the Numba kernels are compared with (g itself is the kit's)."""

from simulators.testing.laws import g_reference

__all__ = ["g_reference", "sparse_as_dense"]


def sparse_as_dense(x, positions, tokens, ctrl, mask):
    """The dense (y, ctrl) equivalent of a sparse step: unlisted masks are remasked (kept)."""
    y = list(x)
    dense = [[1 if token == mask else 0, 0, 0] for token in x]
    for position, token, row in zip(positions, tokens, ctrl):
        y[position] = token
        dense[position] = [int(bool(c)) for c in row]
    return y, dense
