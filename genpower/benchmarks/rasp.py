"""Step-language evaluator speed: an equality head against the same head scanning every pair."""

import numpy as np

from genpower.benchmarks import BenchRow, best_time
from simulators import rasp

__all__ = ["run"]


def run(quick):
    """Return the rows of ``genpower bench --only rasp``: the ratio of the two attention paths."""
    repeat = 2 if quick else 5
    length = 1 << (11 if quick else 13)
    x = np.random.default_rng(0).integers(0, 50, length).astype(np.int32)
    target = rasp.map(lambda p: p // 2, rasp.INDICES)
    equal = rasp.aggregate(rasp.select(rasp.INDICES, target, "=="), rasp.TOKENS, "last")
    between = (rasp.select(rasp.INDICES, target, "<=") & rasp.select(rasp.INDICES, target, ">="))
    scanned = rasp.aggregate(between, rasp.TOKENS, "last")
    fast, slow = rasp.evaluate(x, equal, scanned)  # compiles (or loads the cache)
    assert np.array_equal(fast, slow)
    fast_time = best_time(lambda: rasp.evaluate(x, equal), repeat)
    slow_time = best_time(lambda: rasp.evaluate(x, scanned), repeat)
    return [BenchRow("rasp equality head vs full scan", slow_time / fast_time, "x",
                     detail=f"L = {length}: 'token at p // 2' as an == selector (sorted keys, "
                            f"{fast_time * 1e3:.2f} ms) and as <= & >= (every pair, "
                            f"{slow_time * 1e3:.1f} ms); >1 means the structured path is faster")]
