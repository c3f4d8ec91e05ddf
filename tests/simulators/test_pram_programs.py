"""Laws of the PRAM program library: each program computes what its reference computes,
within its textbook time bound, under the access mode it declares and no weaker one."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, MemoryConflictError
from simulators.pram import ProgramBuilder, isa, run_pram
from simulators.pram.programs import (circuit_input, circuit_value, connectivity,
                                      connectivity_input, dyck, dyck_input, list_ranking,
                                      parity, prefix_sum_blelloch, prefix_sum_hillis_steele,
                                      tree_sum)
from simulators.pram.programs._common import ceil_log2
from simulators.pram.programs.connectivity import connectivity_rounds
from tests.simulators.reference_pram import (dyck_accepts, evaluate_circuit, list_ranks,
                                             prefix_sums, same_components)

SIZES = list(range(1, 34)) + [63, 64, 65, 127, 128, 129, 255, 256, 257, 1000, 1024, 2047,
                               2048, 4096]
PAIRS = "()[]{}<>"

integer_lists = st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=70)


def _log(n):
    return ceil_log2(n)


# --- correctness against the references -------------------------------------------------

@settings(max_examples=60)
@given(values=integer_lists)
@example(values=[5])
def test_hillis_steele_computes_prefix_sums(values):
    result = run_pram(prefix_sum_hillis_steele(len(values)), values)
    assert result.output.tolist() == prefix_sums(values)


@settings(max_examples=60)
@given(values=integer_lists)
@example(values=[5])
def test_blelloch_computes_prefix_sums(values):
    result = run_pram(prefix_sum_blelloch(len(values)), values)
    assert result.output.tolist() == prefix_sums(values)


@settings(max_examples=60)
@given(values=integer_lists)
def test_tree_sum_computes_the_sum(values):
    assert run_pram(tree_sum(len(values)), values).output.tolist() == [sum(values)]


@settings(max_examples=60)
@given(bits=st.lists(st.integers(0, 1), min_size=1, max_size=200))
def test_parity_computes_the_xor_of_the_bits(bits):
    assert run_pram(parity(len(bits)), bits).output.tolist() == [sum(bits) % 2]


@st.composite
def linked_lists(draw):
    order = draw(st.permutations(range(draw(st.integers(1, 80)))))
    successor = [0] * len(order)
    for here, there in zip(order, order[1:]):
        successor[here] = there
    successor[order[-1]] = order[-1]
    return successor


@settings(max_examples=60)
@given(successor=linked_lists())
def test_list_ranking_computes_the_distance_to_the_tail(successor):
    result = run_pram(list_ranking(len(successor)), successor)
    assert result.output.tolist() == list_ranks(successor)


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 40))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=2 * n))
    return n, edges


def _path(n, order):
    return n, [(order[i], order[i + 1]) for i in range(n - 1)]


@settings(max_examples=60)
@given(graph=graphs(), mode=st.sampled_from(["CRCW-arbitrary", "CRCW-priority"]))
@example(graph=_path(9, list(range(9))), mode="CRCW-arbitrary")
@example(graph=(8, [(7, i) for i in range(7)]), mode="CRCW-arbitrary")
@example(graph=(6, [(0, 1), (1, 2), (2, 0), (3, 4)]), mode="CRCW-priority")
def test_connectivity_labels_the_components_under_either_winner_rule(graph, mode):
    n, edges = graph
    result = run_pram(connectivity(n, len(edges)), connectivity_input(n, edges), mode=mode)
    assert same_components(result.output, n, edges)


@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1), n=st.sampled_from([300, 1000, 2000]))
def test_connectivity_rounds_suffice_on_random_paths_and_trees(seed, n):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n).tolist()
    parents = [int(rng.integers(0, i)) for i in range(1, n)]
    for graph in (_path(n, order), (n, [(order[i + 1], order[p]) for i, p in
                                        enumerate(parents)])):
        labels = run_pram(connectivity(n, n - 1), connectivity_input(*graph)).output
        assert same_components(labels, *graph)


def test_connectivity_extra_rounds_change_nothing():
    rng = np.random.default_rng(7)
    n = 200
    edges = [tuple(map(int, rng.integers(0, n, 2))) for _ in range(n // 2)]
    cells = connectivity_input(n, edges)
    usual = run_pram(connectivity(n, len(edges)), cells).output
    longer = run_pram(connectivity(n, len(edges), rounds=connectivity_rounds(n) + 4), cells)
    assert np.array_equal(usual, longer.output)


@st.composite
def bracket_words(draw):
    """Well-nested words over up to four bracket types, often with one edit applied."""
    types = draw(st.integers(1, 4))
    word, stack = [], []
    for _ in range(draw(st.integers(0, 40))):
        if stack and draw(st.booleans()):
            word.append(PAIRS[2 * stack.pop() + 1])
        else:
            stack.append(draw(st.integers(0, types - 1)))
            word.append(PAIRS[2 * stack[-1]])
    word += [PAIRS[2 * t + 1] for t in reversed(stack)]
    edit = draw(st.sampled_from(["none", "replace", "delete", "swap"]))
    if word and edit != "none":
        i, j = draw(st.integers(0, len(word) - 1)), draw(st.integers(0, len(word) - 1))
        if edit == "replace":
            word[i] = draw(st.sampled_from(PAIRS[:2 * types]))
        elif edit == "delete":
            del word[i]
        else:
            word[i], word[j] = word[j], word[i]
    return "".join(word)


@settings(max_examples=120)
@given(word=st.one_of(bracket_words(), st.text(alphabet="()[]", max_size=12)))
@example(word="")
@example(word="([)]")
@example(word="(()")
@example(word=")(")
def test_dyck_accepts_exactly_the_well_nested_words(word):
    result = run_pram(dyck(len(word)), dyck_input(word))
    assert result.output.tolist() == [int(dyck_accepts(word))]


@st.composite
def circuits(draw):
    bits = draw(st.lists(st.integers(0, 1), min_size=1, max_size=6))
    layers, low, available = [], 0, len(bits)
    for _ in range(draw(st.integers(1, 5))):
        layer = []
        for _ in range(draw(st.integers(1, 5))):
            kind = draw(st.sampled_from(["AND", "OR", "NOT"]))
            first = draw(st.integers(0, available - 1))
            second = draw(st.integers(0, available - 1))
            layer.append((kind, first, first if kind == "NOT" else second))
        layers.append(layer)
        available += len(layer)
    return bits, layers


@settings(max_examples=80)
@given(circuit=circuits())
def test_circuit_value_evaluates_the_last_layer(circuit):
    bits, layers = circuit
    program = circuit_value(len(bits), [len(layer) for layer in layers])
    result = run_pram(program, circuit_input(bits, layers))
    assert result.output.tolist() == evaluate_circuit(bits, layers)
    assert result.parallel_time == 4 * len(layers)
    assert result.processors <= 4 * max(len(layer) for layer in layers)


# --- time and processor bounds ----------------------------------------------------------

BOUNDS = {  # name: (factory, input maker, T bound, P bound) as functions of n and L
    "prefix_sum_hillis_steele": (prefix_sum_hillis_steele, np.ones,
                                 lambda n, L: L, lambda n: n),
    "prefix_sum_blelloch": (prefix_sum_blelloch, np.ones, lambda n, L: 3 * L + 3,
                            lambda n: 2 * n),
    "tree_sum": (tree_sum, np.ones, lambda n, L: L, lambda n: n // 2),
    "parity": (parity, np.ones, lambda n, L: L, lambda n: n // 2),
    "list_ranking": (list_ranking, lambda n: np.minimum(np.arange(n) + 1, n - 1),
                     lambda n, L: 2 * L + 1, lambda n: 2 * n),
    "dyck": (dyck, lambda n: np.tile([1, -1], n)[:n], lambda n, L: L * L + 6 * L + 22,
             lambda n: 4 * n),
}


def _bound_violations(factory, make_input, time_bound, processor_bound):
    """The sizes n in SIZES at which a run breaks the time or the processor bound."""
    broken = []
    for n in SIZES:
        result = run_pram(factory(n), make_input(n).astype(np.int64))
        assert result.stopped_by == "halted"
        if result.parallel_time > time_bound(n, _log(n)) or \
                result.processors > max(processor_bound(n), 1):
            broken.append(n)
    return broken


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_measured_time_and_processors_stay_within_the_textbook_bound(name):
    assert _bound_violations(*BOUNDS[name]) == []


def test_connectivity_time_is_logarithmic():
    for n in SIZES[::3] + [4096]:
        result = run_pram(connectivity(n, n), np.zeros(2 * n, dtype=np.int64))
        assert result.parallel_time <= 34 * _log(n) + 40, n
        assert result.processors <= 4 * n


def _sequential_prefix_sum(n):
    builder = ProgramBuilder(f"sequential_prefix_sum(n={n})")
    x = builder.alloc(n)
    builder.set_input(x, n)
    builder.set_output(x, n)
    for i in range(1, n):
        with builder.step():
            builder.emit(isa.ADD, proc=0, dst=x + i, a=x + i, b=x + i - 1)
    return builder.build("EREW")


def test_the_bound_check_rejects_a_correct_but_linear_prefix_sum():
    """Negative control: a one-processor prefix sum is right but takes n - 1 steps."""
    values = list(range(1, 65))
    assert run_pram(_sequential_prefix_sum(64), values).output.tolist() == prefix_sums(values)
    broken = _bound_violations(_sequential_prefix_sum, np.ones, *BOUNDS["prefix_sum_blelloch"][2:])
    assert 64 in broken and 4096 in broken


# --- modes: each program needs the mode it declares -----------------------------------

@pytest.mark.parametrize("factory, make_input", [
    (prefix_sum_blelloch, np.ones), (tree_sum, np.ones), (parity, np.ones),
    (dyck, lambda n: np.tile([1, -1], n)[:n]),
])
def test_erew_programs_never_share_a_cell_within_a_step(factory, make_input):
    for n in (1, 2, 7, 64, 100):
        result = run_pram(factory(n), make_input(n).astype(np.int64), mode="EREW", trace=True)
        assert result.peak_concurrent_reads <= 1
        trace = result.trace
        for step in range(trace.steps):
            _, reads, writes, _, _ = trace.step(step)
            touched = [a for a in reads.ravel() if a >= 0]
            assert len(touched) == len(set(touched))
            written = writes[writes >= 0]
            assert len(written) == len(set(written.tolist()))


@pytest.mark.parametrize("program, cells", [
    (prefix_sum_hillis_steele(8), np.arange(8)),
    (list_ranking(8), np.minimum(np.arange(8) + 1, 7)),
    (circuit_value(2, [2]), circuit_input([1, 0], [[("AND", 0, 1), ("OR", 0, 1)]])),
])
def test_crew_programs_need_concurrent_reads(program, cells):
    assert program.mode == "CREW"
    run_pram(program, cells)
    with pytest.raises(MemoryConflictError, match="both read"):
        run_pram(program, cells, mode="EREW")


def test_connectivity_needs_concurrent_writes_of_different_values():
    n, edges = 5, [(4, i) for i in range(4)]   # every leaf is a smaller root for vertex 4
    program = connectivity(n, len(edges))
    run_pram(program, connectivity_input(n, edges))
    with pytest.raises(MemoryConflictError, match="write different values"):
        run_pram(program, connectivity_input(n, edges), mode="CRCW-common")


# --- input encoders reject what they cannot encode ------------------------------------

@pytest.mark.parametrize("call", [
    lambda: dyck_input("(a)"),
    lambda: dyck_input("()", pairs="(("),
    lambda: connectivity_input(3, [(0, 3)]),
    lambda: circuit_input([2], [[("AND", 0, 0)]]),
    lambda: circuit_input([1], [[("XOR", 0, 0)]]),
    lambda: circuit_input([1], [[("AND", 0, 1)]]),
    lambda: circuit_value(1, []),
    lambda: tree_sum(0),
    lambda: connectivity(3, -1),
])
def test_encoders_and_builders_reject_bad_arguments(call):
    with pytest.raises(InvalidArgumentError):
        call()


def test_stagnant_stars_hook_unconditionally_so_a_star_graph_merges_in_one_round():
    """Leaves 0..n-2 around centre n-1 are stars that cannot hook conditionally (their
    only neighbour has a larger root); without unconditional hooking one leaf would
    join per round."""
    n = 40
    edges = [(n - 1, leaf) for leaf in range(n - 1)]
    program = connectivity(n, len(edges), rounds=1)
    assert same_components(run_pram(program, connectivity_input(n, edges)).output, n, edges)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 9, 100, 1000])
def test_blelloch_builder_emits_exactly_the_rows_of_the_algorithm(n):
    from tests.simulators.reference_pram import blelloch_rows
    program = prefix_sum_blelloch(n)
    size, steps = blelloch_rows(n)
    assert program.memory_size == size and not program.initial_memory.any()
    assert program.step_offsets.tolist() == np.cumsum([0] + [len(s) for s in steps]).tolist()
    rows = np.array([row for step in steps for row in step], dtype=np.int64)
    built = np.stack([program.processor, program.opcode, program.dst, program.a, program.b,
                      program.c], axis=1)
    assert all(column.dtype == np.int32 for column in built.T)
    assert np.array_equal(built, rows)
