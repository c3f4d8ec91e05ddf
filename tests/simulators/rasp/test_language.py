"""The step language: depth and width come from the graph, and programs are checked when built."""

import pytest

from simulators import rasp
from simulators.errors import InvalidArgumentError

T, I = rasp.TOKENS, rasp.INDICES


def chain_of_heads(k):
    stream = T
    for _ in range(k):
        stream = rasp.aggregate(rasp.select(I, I, "<"), stream, "max")
    return stream


@pytest.mark.parametrize("k", [0, 1, 2, 7])
def test_depth_counts_the_heads_on_a_chain(k):
    assert rasp.depth_of(chain_of_heads(k)) == k
    assert rasp.heads_of(chain_of_heads(k)) == k


def test_maps_add_width_but_not_depth():
    stream = rasp.aggregate(rasp.select(I, I, "=="), T, "max")
    for _ in range(5):
        stream = rasp.map(lambda v: v + 1, stream)
    assert rasp.depth_of(stream) == 1
    assert rasp.width_of(stream) == 2 + 1 + 5  # tokens, indices, the head, the maps


def test_depth_is_the_longest_path_not_the_number_of_heads():
    wide = [rasp.aggregate(rasp.select(I, I, "<="), T, "mean") for _ in range(6)]
    total = rasp.seq_map(lambda *v: sum(v), *wide)
    assert rasp.depth_of(total) == 1 and rasp.heads_of(total) == 6
    deep = rasp.aggregate(rasp.select(I, total, "=="), T, "max")
    assert rasp.depth_of(deep) == 2


def test_a_selector_feeds_depth_through_its_keys_and_queries():
    shifted = rasp.aggregate(rasp.select(I, I, "<"), I, "max")  # depth 1
    head = rasp.aggregate(rasp.select(shifted, I, "==") & rasp.select(T, T, "=="), T, "last")
    assert rasp.depth_of(head) == 2


def test_shared_streams_are_counted_once():
    head = rasp.aggregate(rasp.select(T, T, "=="), T, "mean")
    both = rasp.seq_map(lambda a, b: a - b, head, head)
    assert rasp.width_of(both) == 3  # tokens, the head, the map: each once


def test_program_reports_its_graph():
    size = rasp.length()
    program = rasp.Program("mdm", {"write": rasp.map(lambda n: n > 1, size), "token": rasp.TOKENS})
    assert (program.depth, program.width, program.heads) == (1, 4, 1)


@pytest.mark.parametrize("build, message", [
    (lambda: rasp.select(T, I, "=~"), "not a comparison"),
    (lambda: rasp.aggregate(rasp.select(T, I, "=="), T, "sum"), "unknown"),
    (lambda: rasp.aggregate(rasp.select(T, I, "=="), T, "argmax"), "score"),
    (lambda: rasp.aggregate(rasp.select(T, I, "=="), T, "mean", score=I), "score"),
    (lambda: rasp.aggregate(rasp.select(T, I, "=="), T, "last", score=I), "scores by the index"),
    (lambda: rasp.aggregate(T, T), "Selector"),
    (lambda: rasp.map(3, T), "callable"),
    (lambda: rasp.seq_map(abs), "at least one"),
    (lambda: rasp.map(abs, [1, 2]), "Stream"),
    (lambda: rasp.selector_width(T), "Selector"),
    (lambda: rasp.Program("tm", {"token": T}), "machine"),
    (lambda: rasp.Program("arm", {}), "missing"),
    (lambda: rasp.Program("arm", {"token": T, "write": T}), "unknown"),
    (lambda: rasp.Program("arm", {"token": 3}), "Stream"),
])
def test_malformed_programs_are_refused(build, message):
    with pytest.raises(InvalidArgumentError, match=message):
        build()


def test_a_program_cannot_be_changed_after_it_is_built():
    program = rasp.Program("arm", {"token": T})
    with pytest.raises(TypeError):
        program.outputs["token"] = I
    with pytest.raises(AttributeError):
        program.machine = "mdm"
