"""Hypothesis strategy: random straight-line PRAM programs and inputs (for the T1/T4 tests)."""

import numpy as np
from hypothesis import strategies as st

from simulators.pram import PramProgram, isa

_SAFE_OPS = [isa.OPCODES[name] for name in (
    "ADD", "SUB", "MUL", "MIN", "MAX", "AND", "OR", "XOR", "EQ", "NE", "LT", "GE",
    "ADD_I", "MUL_I", "DIV_I", "MOD_I", "XOR_I", "GT_I", "CONST", "COPY", "NOT", "SELECT",
    "CWRITE", "CWRITE_I", "LOAD", "STORE", "CSTORE", "CSTORE_I")]


@st.composite
def pram_programs(draw, max_memory=8, max_steps=6, max_processors=4, pointers=True):
    """A random program over a small memory: any access pattern, CRCW-arbitrary or -priority.

    Pointers (LOAD, STORE, CSTORE) read cells that hold small values, so they may leave
    memory: then the PRAM and the compiled machine must both refuse.
    """
    memory = draw(st.integers(2, max_memory))
    ops = _SAFE_OPS if pointers else [op for op in _SAFE_OPS if not isa.READS_DST[op]
                                      and op != isa.LOAD]
    address = st.integers(0, memory - 1)
    offsets, columns = [0], []
    for _ in range(draw(st.integers(0, max_steps))):
        processors = draw(st.lists(st.integers(0, 6), min_size=1, max_size=max_processors,
                                   unique=True))
        for p in processors:
            op = draw(st.sampled_from(ops))
            small = st.integers(1, 3) if op in (isa.DIV_I, isa.MOD_I) else st.integers(-3, 3)
            a = draw(address) if isa.READS_A[op] else draw(small)
            b = draw(address) if isa.READS_B[op] else draw(small)
            c = draw(address) if isa.READS_C[op] else draw(st.integers(-2, 2))
            columns.append((p, op, draw(address), a, b, c))
        offsets.append(len(columns))
    mode = draw(st.sampled_from(["CRCW-arbitrary", "CRCW-priority"]))
    rows = np.array(columns, dtype=np.int64).reshape(-1, 6)
    initial = np.array(draw(st.lists(st.integers(-3, memory), min_size=memory,
                                     max_size=memory)), dtype=np.int64)
    inputs = draw(st.integers(0, memory))
    program = PramProgram("random", mode, memory, initial, 0, inputs, 0, memory,
                          np.array(offsets), *rows.T)
    values = np.array(draw(st.lists(st.integers(-2, memory), min_size=inputs,
                                    max_size=inputs)), dtype=np.int64)
    return program, values
