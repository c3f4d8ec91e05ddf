"""The PRAM instruction set: opcodes, their operands, and which operands are addresses.

An instruction is five integers ``(op, dst, a, b, c)`` executed by one processor in one
parallel step. ``mem`` is the shared int64 memory; all reads of a step see the memory as
it was before the step, then all writes happen (read phase, then write phase).

=========  =====================================================  =========================
opcode     effect                                                 cells read
=========  =====================================================  =========================
CONST      ``mem[dst] = c``                                       none
COPY       ``mem[dst] = mem[a]``                                  a
NOT        ``mem[dst] = 1 if mem[a] == 0 else 0``                 a
ADD ...    ``mem[dst] = mem[a] <op> mem[b]`` (binary ops below)   a, b
ADD_I ...  ``mem[dst] = mem[a] <op> b`` (``b`` is an immediate)   a
SELECT     ``mem[dst] = mem[a] if mem[c] != 0 else mem[b]``       a, b, c
LOAD       ``mem[dst] = mem[mem[a] + c]``                         a, mem[a] + c
STORE      ``mem[mem[dst] + c] = mem[a]``                         dst, a
CWRITE     ``if mem[b] != 0: mem[dst] = mem[a]``                  a, b
CWRITE_I   ``if mem[b] != 0: mem[dst] = c``                       b
CSTORE     ``if mem[b] != 0: mem[mem[dst] + c] = mem[a]``         dst, a, b
CSTORE_I   ``if mem[b] != 0: mem[mem[dst] + c] = a``              dst, b
=========  =====================================================  =========================

Binary ops: ADD, SUB, MUL, DIV (floor), MOD (floor, sign of divisor), MIN, MAX, AND, OR,
XOR (bitwise), EQ, NE, LT, LE, GT, GE (1 or 0). Each has an ``_I`` twin whose right
operand is the immediate ``b``. A processor reads at most three cells and writes at most
one cell per step; LOAD, STORE and CSTORE compute their second address from memory
(indirect addressing), which is what pointer jumping and data-dependent reads need.
Arithmetic wraps around in int64, as machine integers do.
"""

import numpy as np

__all__ = [
    "OPCODES", "OPCODE_NAMES", "BINARY_OPS", "IMMEDIATE", "READS_A", "READS_B",
    "READS_C", "READS_DST", "WRITES_DST", "MAX_READS",
]

BINARY_OPS = ("ADD", "SUB", "MUL", "DIV", "MOD", "MIN", "MAX", "AND", "OR", "XOR",
              "EQ", "NE", "LT", "LE", "GT", "GE")
IMMEDIATE = 32  # op + IMMEDIATE is the immediate twin of binary op ``op``
MAX_READS = 3

# binary ops, cell with cell: mem[dst] = mem[a] <op> mem[b]
ADD = 0
SUB = 1
MUL = 2
DIV = 3
MOD = 4
MIN = 5
MAX = 6
AND = 7
OR = 8
XOR = 9
EQ = 10
NE = 11
LT = 12
LE = 13
GT = 14
GE = 15
# their immediate twins: mem[dst] = mem[a] <op> b
ADD_I = 32
SUB_I = 33
MUL_I = 34
DIV_I = 35
MOD_I = 36
MIN_I = 37
MAX_I = 38
AND_I = 39
OR_I = 40
XOR_I = 41
EQ_I = 42
NE_I = 43
LT_I = 44
LE_I = 45
GT_I = 46
GE_I = 47
# the rest
CONST = 16
COPY = 17
NOT = 18
SELECT = 19
LOAD = 20
STORE = 21
CWRITE = 22
CWRITE_I = 23
CSTORE = 24
CSTORE_I = 25

OPCODES = {name: globals()[name] for name in
           list(BINARY_OPS) + [f"{name}_I" for name in BINARY_OPS] +
           ["CONST", "COPY", "NOT", "SELECT", "LOAD", "STORE", "CWRITE", "CWRITE_I",
            "CSTORE", "CSTORE_I"]}
OPCODE_NAMES = {code: name for name, code in OPCODES.items()}
__all__ += list(OPCODES)

_TABLE_SIZE = 2 * IMMEDIATE


def _flags(names):
    table = np.zeros(_TABLE_SIZE, dtype=np.bool_)
    for name in names:
        table[OPCODES[name]] = True
    return table


_BIN = list(BINARY_OPS)
_BIN_I = [f"{name}_I" for name in BINARY_OPS]
#: ``READS_A[op]`` is True where operand ``a`` is a direct address of a cell read.
READS_A = _flags(_BIN + _BIN_I + ["COPY", "NOT", "SELECT", "LOAD", "STORE", "CWRITE",
                                  "CSTORE"])
#: ``READS_B[op]`` is True where operand ``b`` is a direct address of a cell read.
READS_B = _flags(_BIN + ["SELECT", "CWRITE", "CWRITE_I", "CSTORE", "CSTORE_I"])
#: ``READS_C[op]`` is True where operand ``c`` is a direct address of a cell read.
READS_C = _flags(["SELECT"])
#: ``READS_DST[op]`` is True where ``dst`` is the address of a pointer cell that is read.
READS_DST = _flags(["STORE", "CSTORE", "CSTORE_I"])
#: ``WRITES_DST[op]`` is True where ``dst`` is itself the (direct) address written.
WRITES_DST = _flags(_BIN + _BIN_I + ["CONST", "COPY", "NOT", "SELECT", "LOAD", "CWRITE",
                                     "CWRITE_I"])
