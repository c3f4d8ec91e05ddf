"""Plain-Python references that the Numba kernels are compared with."""


def g_reference(x, y, ctrl, mask):
    """Algorithm 1 of the paper, line by line, on Python lists."""
    z = []
    for i, token in enumerate(x):
        remask, insert, delete = (bool(c) for c in ctrl[i])
        if delete and token == mask:
            continue
        if remask:
            z.append(mask)
        elif token == mask:
            z.append(y[i])
        else:
            z.append(token)
        if insert:
            z.append(mask)
    return z


def sparse_as_dense(x, positions, tokens, ctrl, mask):
    """The dense (y, ctrl) equivalent of a sparse step: unlisted masks are remasked (kept)."""
    y = list(x)
    dense = [[1 if token == mask else 0, 0, 0] for token in x]
    for position, token, row in zip(positions, tokens, ctrl):
        y[position] = token
        dense[position] = [int(bool(c)) for c in row]
    return y, dense
