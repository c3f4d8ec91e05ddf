"""The evaluator: heads equal a Python reference, maps see one position, programs are policies."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from simulators import rasp
from simulators.errors import InvalidArgumentError
from simulators.machines import APMDM, MDM
from simulators.run import run
from simulators.vocab import Vocab

T, I = rasp.TOKENS, rasp.INDICES
OPS = {"==": lambda k, q: k == q, "!=": lambda k, q: k != q, "<": lambda k, q: k < q,
       "<=": lambda k, q: k <= q, ">": lambda k, q: k > q, ">=": lambda k, q: k >= q,
       "true": lambda k, q: True}


def reference_head(keys, queries, ops, values, score, reduce, default):
    """Plain Python: for each query, the selected keys left to right, then the reduction."""
    out = []
    for i in range(len(values)):
        chosen = [j for j in range(len(values))
                  if all(OPS[op](k[j], q[i]) for k, q, op in zip(keys, queries, ops))]
        if reduce == "width":
            out.append(len(chosen))
        elif not chosen:
            out.append(default)
        elif reduce == "mean":
            out.append(sum(values[j] for j in chosen) / len(chosen))
        elif reduce in ("max", "min"):
            out.append((max if reduce == "max" else min)(values[j] for j in chosen))
        elif reduce in ("argmax", "last"):
            s = score if reduce == "argmax" else range(len(values))
            out.append(values[max(chosen, key=lambda j: (s[j], j))])
        else:
            s = score if reduce == "argmin" else range(len(values))
            out.append(values[min(chosen, key=lambda j: (s[j], j))])
    return out


small = st.integers(0, 4)


@st.composite
def heads(draw):
    length = draw(st.integers(0, 12))
    column = st.lists(small, min_size=length, max_size=length)
    tokens = draw(column)
    terms = draw(st.lists(st.tuples(column, column, st.sampled_from(sorted(OPS))),
                          min_size=1, max_size=3))
    reduce = draw(st.sampled_from(["mean", "max", "min", "argmax", "argmin", "first", "last",
                                   "width"]))
    return tokens, terms, draw(column), draw(column), reduce, draw(small)


def table(column):
    values = list(column)
    return rasp.map(lambda i: values[i], I)


@given(heads())
@example(([1, 1, 1], [([2, 2, 2], [2, 2, 2], "==")], [1, 5, 5], [3, 3, 3], "argmax", 0))
@example(([1, 1, 1], [([2, 2, 2], [2, 2, 2], "==")], [1, 5, 5], [3, 3, 3], "argmin", 0))
def test_a_head_equals_the_plain_python_reference(case):
    tokens, terms, values, score, reduce, default = case
    selector = None
    for keys, queries, op in terms:
        part = rasp.select(table(keys), table(queries), op)
        selector = part if selector is None else selector & part
    if reduce == "width":
        stream = rasp.selector_width(selector)
    else:
        stream = rasp.aggregate(selector, table(values), reduce, default=default,
                                score=table(score) if reduce in ("argmax", "argmin") else None)
    got = rasp.evaluate(np.array(tokens, dtype=np.int32), stream)[0]
    keys, queries, ops = zip(*terms)
    expected = reference_head(keys, queries, ops, values, score, reduce, default)
    assert np.allclose(got, expected, rtol=0, atol=1e-12)


@given(st.lists(small, min_size=1, max_size=30), st.data())
def test_a_map_at_one_position_ignores_every_other_position(tokens, data):
    stream = rasp.seq_map(lambda t, i: t * 10 + i % 3, T, I)
    x = np.array(tokens, dtype=np.int32)
    changed = x.copy()
    where = data.draw(st.integers(0, len(x) - 1))
    changed[where] = data.draw(small)
    before, after = rasp.evaluate(x, stream)[0], rasp.evaluate(changed, stream)[0]
    keep = np.arange(len(x)) != where
    assert np.array_equal(before[keep], after[keep])


def test_a_map_is_called_on_scalars_so_it_cannot_reach_the_sequence():
    with pytest.raises(InvalidArgumentError, match="failed on"):
        rasp.evaluate([1, 2, 3], rasp.map(lambda t: np.cumsum(t)[-1] + t.sum(), T))


@pytest.mark.parametrize("function, message", [
    (lambda t: None, "returned None"),
    (lambda t: "a", "returned 'a'"),
    (lambda t: float("nan"), "returned nan"),
])
def test_a_map_that_returns_no_number_is_named(function, message):
    with pytest.raises(InvalidArgumentError, match=message):
        rasp.evaluate([1, 2], rasp.map(function, T, label="bad"))


@pytest.mark.parametrize("x", [np.zeros((2, 2), dtype=np.int32), np.array([0.5])])
def test_a_program_refuses_a_sequence_that_is_not_1d_integers(x):
    with pytest.raises(InvalidArgumentError, match="1-D integer"):
        rasp.evaluate(x, T)


VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b"])
MASK, A, B = 2, 3, 4


def fill_leftmost_mask_with_count_of_a():
    """MDM: write at the leftmost mask 'a' if as many a's as b's precede it, else 'b'."""
    is_mask = rasp.map(lambda t: t == MASK, T)
    first = rasp.aggregate(rasp.select(is_mask, rasp.constant(1), "=="), I, "min", default=-1)
    earlier = rasp.select(I, I, "<")
    a_before = rasp.selector_width(earlier & rasp.select(T, rasp.constant(A), "=="))
    b_before = rasp.selector_width(earlier & rasp.select(T, rasp.constant(B), "=="))
    write = rasp.seq_map(lambda i, f: i == f, I, first)
    token = rasp.seq_map(lambda a, b: A if a == b else B, a_before, b_before)
    return rasp.Program("mdm", {"write": write, "token": token})


def test_a_program_runs_as_a_policy_and_passes_the_stateless_audit():
    program = fill_leftmost_mask_with_count_of_a()
    result = run(MDM(VOCAB), program, [0] + [MASK] * 6, record=True, check_stateless=True)
    assert VOCAB.format(result.final) == "[BOS] a b a b a b"
    assert result.resources.steps == 6 and program.depth == 1


def test_a_written_token_must_be_a_whole_number():
    program = rasp.Program("mdm", {"write": rasp.constant(1), "token": rasp.constant(2.5)})
    with pytest.raises(InvalidArgumentError, match="whole int32"):
        program(np.array([0, MASK], dtype=np.int32))


def test_an_apmdm_program_returns_an_edit_of_the_acting_positions():
    is_a = rasp.map(lambda t: t == A, T)
    program = rasp.Program("apmdm", {"act": is_a, "token": rasp.constant(0), "remask": is_a,
                                     "insert": rasp.constant(0), "delete": rasp.constant(0)})
    edit = program(np.array([0, A, B, A], dtype=np.int32))
    assert edit.positions.tolist() == [1, 3] and edit.ctrl.tolist() == [[1, 0, 0]] * 2
    result = run(APMDM(VOCAB), program, [0, A, B, A])
    assert VOCAB.format(result.final) == "[BOS] [MASK] b [MASK]"


def test_halt_is_read_at_position_0_and_an_empty_sequence_halts():
    halt = rasp.map(lambda t: t == B, T)
    program = rasp.Program("arm", {"token": rasp.constant(A), "halt": halt})
    assert program(np.array([B, A], dtype=np.int32)) is None
    assert program(np.array([A, B], dtype=np.int32)) == A
    assert program(np.array([], dtype=np.int32)) is None
