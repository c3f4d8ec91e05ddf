"""The Dyck-2 pair insertion as a depth-1 program (layout of :mod:`proofs.oracles.dyck_insertion`).

One layer of heads, all reading tokens and indices only: the length, the number of
masks and the first and last of them, the target number of pairs (the token at
position 1), and the sequence's hash as a mean (``h = round(mean(term) · L)``, exact
while ``h < 2**53``). A map at each position then decides, as the oracle does, whether
it inserts, spawns a mask or writes one letter of the pair. The graph is the same at
every size.
"""

from proofs.oracles import dyck_insertion as oracle
from proofs.certified import CertifiedPolicy
from simulators import rasp

__all__ = ["dyck_insertion_program", "DYCK_INSERTION"]

T, I = rasp.TOKENS, rasp.INDICES


def _action(p, size, masks, first, last, h):
    """What position p does: (act, token, remask, insert), as the oracle decides."""
    if masks == 0:
        return (p == 2 + h % max(size - 2, 1), 0, 0, 1)
    if masks == 1:
        return (p == first, 0, 1, 1)
    letter = oracle.LETTER0 + (h // 7) % (2 * oracle.K)
    if p == first:
        return (True, letter, 0, 0)
    return (p == last, oracle.inverse(letter), 0, 0)


def dyck_insertion_program():
    """Return the step of :func:`proofs.oracles.dyck_insertion.policy` as a program.

    Examples
    --------
    >>> edit = dyck_insertion_program()(oracle.prompt_for(pairs=2, seed=0))
    >>> dyck_insertion_program().depth, edit.positions.tolist(), edit.ctrl.tolist()
    (1, [2], [[0, 1, 0]])
    """
    one = rasp.constant(1)
    size = rasp.length()
    is_mask = rasp.select(T, rasp.constant(oracle.MASK), "==")
    masks = rasp.selector_width(is_mask, label="masks")
    first = rasp.aggregate(is_mask, I, "min", default=-1, label="first mask")
    last = rasp.aggregate(is_mask, I, "max", default=-1, label="last mask")
    pairs = rasp.aggregate(rasp.select(I, one, "=="), T, "max", default=-1, label="x[1]")
    mean_term = rasp.aggregate(rasp.select_all(), rasp.seq_map(oracle.term, I, T), "mean",
                               label="mean term")
    h = rasp.seq_map(lambda mean, n: round(mean * n), mean_term, size, label="hash")
    halt = rasp.seq_map(
        lambda n, m, f, la, target: n < 3 or m >= 3 or (m == 2 and la != f + 1)
        or (m == 0 and n - 3 >= 2 * (target - oracle.NUM0)),
        size, masks, first, last, pairs, label="halt")
    action = [rasp.seq_map(lambda *v, k=k: _action(*v)[k], I, size, masks, first, last, h,
                           label=name)
              for k, name in enumerate(("act", "token", "remask", "insert"))]
    act, token, remask, insert = action
    return rasp.Program("apmdm", {"act": act, "token": token, "remask": remask, "insert": insert,
                                  "delete": rasp.constant(0), "halt": halt},
                        name="dyck-insertion")


DYCK_INSERTION = CertifiedPolicy(
    "dyck-insertion", "two-sided Dyck-2, AP-MDM: insert a cancelling pair at a hashed slot",
    lambda n: dyck_insertion_program(), oracle.policy, oracle.machine, oracle.prompt)
"""The pair insertion, certified (``genpower depth dyck-insertion``)."""
