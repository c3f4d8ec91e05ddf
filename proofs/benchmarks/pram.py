"""PRAM engine speed: processor-steps per second, and time against numpy doing the same steps."""

import numpy as np

from proofs.benchmarks import BenchRow, best_time
from simulators.pram import run_pram
from simulators.pram.programs import (connectivity, connectivity_input,
                                      prefix_sum_blelloch)

__all__ = ["run"]


def _numpy_blelloch(values):
    """Blelloch's up/down-sweep scan with numpy slices: the same steps, no conflict checks."""
    n = len(values)
    size = 1 << int(n - 1).bit_length()
    tree = np.zeros(size, dtype=np.int64)
    tree[:n] = values
    level = 1
    while level < size:
        tree[2 * level - 1::2 * level] += tree[level - 1::2 * level]
        level *= 2
    tree[-1] = 0
    while level > 1:
        level //= 2
        left = tree[level - 1::2 * level].copy()
        tree[level - 1::2 * level] = tree[2 * level - 1::2 * level]
        tree[2 * level - 1::2 * level] += left
    return tree[:n] + values


def run(quick):
    """Return the PRAM rows of ``genpower bench``: rates and the ratio against numpy."""
    repeat = 2 if quick else 5
    n = 1 << (16 if quick else 20)
    values = np.random.default_rng(0).integers(-1000, 1001, n)
    program = prefix_sum_blelloch(n)
    result = run_pram(program, values)  # compiles (or loads the cache) and checks
    assert np.array_equal(result.output, np.cumsum(values))
    engine = best_time(lambda: run_pram(program, values), repeat)
    traced = best_time(lambda: run_pram(program, values, trace=True), repeat)
    reference = best_time(lambda: _numpy_blelloch(values), repeat)
    assert np.array_equal(_numpy_blelloch(values), result.output)
    sizes = f"n = 2^{n.bit_length() - 1}, T = {result.parallel_time}, work = {result.work}"
    rows = [
        BenchRow("pram blelloch scan rate", result.work / engine, "processor-steps/s",
                 detail=f"{sizes}, EREW checks on, best of {repeat}"),
        BenchRow("pram blelloch scan vs numpy", engine / reference, "x",
                 detail="engine time / time of the same up/down sweep in numpy slices "
                        f"({reference * 1e3:.1f} ms); >1 means the engine is slower"),
        BenchRow("pram trace overhead", traced / engine, "x",
                 detail="run with trace=True / run without"),
    ]
    vertices = 1 << (10 if quick else 14)
    edges = np.random.default_rng(1).integers(0, vertices, (vertices, 2))
    graph = connectivity(vertices, vertices)
    cells = connectivity_input(vertices, edges)
    result = run_pram(graph, cells)
    engine = best_time(lambda: run_pram(graph, cells), repeat)
    rows.append(BenchRow(
        "pram connectivity rate", result.work / engine, "processor-steps/s",
        detail=f"n = m = 2^{vertices.bit_length() - 1}, T = {result.parallel_time}, "
               f"work = {result.work}, CRCW-arbitrary, best of {repeat}"))
    return rows
