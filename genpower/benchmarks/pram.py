"""PRAM engine speed: processor-steps per second, and time against numpy doing the same steps."""

import time

import numpy as np

from genpower.benchmarks import BenchRow, best_time
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


SCAN_GOAL = 4.0
"""Most the engine may take on the Blelloch scan, as a multiple of numpy's same sweep."""

BUILD_N = 1 << 20


def run(quick):
    """Return the PRAM rows of ``genpower bench``: rates and the ratio against numpy, the
    time to build a large program, and the one-time access analysis."""
    repeat = 2 if quick else 5
    n = 1 << (16 if quick else 20)
    values = np.random.default_rng(0).integers(-1000, 1001, n)
    program = prefix_sum_blelloch(n)
    start = time.perf_counter()
    result = run_pram(program, values)  # compiles (or loads the cache), analyses, checks
    first = time.perf_counter() - start
    assert np.array_equal(result.output, np.cumsum(values))
    sweeps = 10 if quick else repeat  # a quick sweep takes about a millisecond
    engine = best_time(lambda: run_pram(program, values), sweeps)
    traced = best_time(lambda: run_pram(program, values, trace=True), repeat)
    reference = best_time(lambda: _numpy_blelloch(values), sweeps)
    assert np.array_equal(_numpy_blelloch(values), result.output)
    ratio = engine / reference
    sizes = f"n = 2^{n.bit_length() - 1}, T = {result.parallel_time}, work = {result.work}"
    rows = [
        BenchRow("pram blelloch scan rate", result.work / engine, "processor-steps/s",
                 detail=f"{sizes}, EREW checks on, best of {sweeps}"),
        BenchRow("pram blelloch scan vs numpy", ratio, "x", goal=f"<= {SCAN_GOAL:g}x",
                 met=ratio <= SCAN_GOAL,
                 detail="run_pram (the front door: input, memory copy, run, output) / the "
                        f"same up/down sweep in numpy slices ({reference * 1e3:.2f} ms); "
                        "the program's access pattern found on its first run"),
        BenchRow("pram first run vs later runs", first / engine, "x",
                 detail=f"first run_pram of the program ({first * 1e3:.1f} ms: finds the "
                        "access pattern of its direct steps once, and loads the compiled "
                        "kernels) / a later run"),
        BenchRow("pram trace overhead", traced / engine, "x",
                 detail="run with trace=True (every step checked cell by cell) / run "
                        "without"),
    ]
    prefix_sum_blelloch(8)  # warm the builder's compiled checks
    build = best_time(lambda: prefix_sum_blelloch(BUILD_N), repeat)
    rows.append(BenchRow(
        "pram build prefix_sum_blelloch(2^20)", build, "s",
        detail=f"{7 * BUILD_N:,} rows built and checked, best of {repeat} in one process"))
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
