"""Circuit value: the outputs of a layered AND/OR/NOT circuit on given input bits.
Generator, parser, reference solver, verifier.

An instance is ``(bits, layers)``: a uint8 array of input bits and a list of layers,
each a list of gates ``(kind, first, second)`` with kind ``"AND"``, ``"OR"`` or
``"NOT"`` (NOT reads ``first``; its ``second`` repeats it). Value index ``j < len(bits)``
is input bit j; ``len(bits) + g`` is gate g, numbered layer by layer; a gate reads only
inputs and earlier layers. The answer is the values of the last layer's gates.

Text form: the input bits on the first line (white space ignored, as in parity), then
one line per layer with its gates separated by commas, e.g.::

    101
    AND 0 1, NOT 2
    OR 3 4

Known complexity: circuit value is P-complete under log-space reductions (Ladner
1975), so it is believed to have no polylogarithmic-time parallel algorithm; a layered
circuit of depth d takes O(d) steps on a CREW PRAM.

Examples
--------
>>> instance = parse("101\\nAND 0 1, NOT 2\\nOR 3 4\\n")
>>> solve(instance).tolist(), verify(instance, [0])
([0], True)
"""

import numpy as np

from theory.errors import FamilyInputError
from theory.families import parity
from theory.families._common import same_integers
from theory.families._text import is_decimal, lines, words

__all__ = ["generate", "parse", "to_text", "solve", "verify", "check", "GATES", "CASES",
           "COMPLEXITY"]

COMPLEXITY = {
    "complete for": ("P", "Ladner 1975 (log-space reductions)"),
}

GATES = ("AND", "OR", "NOT")
"""The gate kinds."""

CASES = (
    (1, (np.array([1], np.uint8), [[("NOT", 0, 0)]]), np.array([0])),
    (2, (np.array([1, 1], np.uint8), [[("AND", 0, 1), ("OR", 0, 1)]]), np.array([1, 1])),
    (3, (np.array([1, 0, 1], np.uint8), [[("AND", 0, 1), ("NOT", 2, 2)], [("OR", 3, 4)]]),
     np.array([0])),
    (3, (np.array([0, 1, 1], np.uint8), [[("OR", 0, 1)], [("AND", 3, 2)], [("NOT", 4, 4)]]),
     np.array([0])),
)
"""Canonical cases (n input bits, (bits, layers), last layer's values), shared by tests
and the checker."""


def check(instance):
    """Return ``instance`` as ``(bits, layers)`` (uint8 bits, gates as (str, int, int)), or raise.

    Raises
    ------
    FamilyInputError
        If a bit is not 0/1, there is no layer, a layer is empty, a gate kind is unknown,
        or a gate reads a value that is not an input or a gate of an earlier layer.
    """
    try:
        bits, layers = instance
        bits = np.asarray(bits)
        layers = [list(layer) for layer in layers]
    except (TypeError, ValueError):
        raise FamilyInputError("expected (bits, layers)") from None
    if bits.ndim != 1 or (bits.size and (not np.issubdtype(bits.dtype, np.integer)
                                         and bits.dtype != np.bool_)) or np.any(bits > 1) \
            or np.any(bits < 0):
        raise FamilyInputError("the input bits must be 0 or 1")
    if not layers:
        raise FamilyInputError("expected the input bits, then one line per layer (no layer "
                               "given)")
    checked, available = [], len(bits)
    for depth, layer in enumerate(layers, start=1):
        if not layer:
            raise FamilyInputError(f"layer {depth} has no gate")
        gates = []
        for gate in layer:
            try:
                kind, first, second = gate
                first, second = int(first), int(second)
            except (TypeError, ValueError):
                raise FamilyInputError(f"layer {depth}: a gate is (kind, first, second), got "
                                       f"{gate!r}") from None
            if kind not in GATES:
                raise FamilyInputError(f"layer {depth}: gate kind {kind!r} is not one of "
                                       f"{', '.join(GATES)}")
            if not (0 <= first < available and 0 <= second < available):
                raise FamilyInputError(
                    f"layer {depth}: gate {kind} {first} {second} reads a value that does not "
                    f"exist yet; only 0..{available - 1} (inputs and earlier layers) exist")
            gates.append((kind, first, second))
        checked.append(gates)
        available += len(layer)
    return bits.astype(np.uint8), checked


def generate(n, rng=None):
    """Return ``n`` random input bits and ⌈log₂ n⌉ layers (at least one) of ``n`` random
    gates, each reading the layer just below it.

    Raises
    ------
    FamilyInputError
        If ``n`` < 1 (a circuit needs an input to read).
    """
    if n < 1:
        raise FamilyInputError(f"n={n} must be >= 1")
    rng = np.random.default_rng(rng)
    bits = rng.integers(0, 2, n, dtype=np.uint8)
    layers, low = [], 0
    for _ in range(max(1, int(np.ceil(np.log2(n))))):
        kinds = rng.integers(0, len(GATES), n)
        operands = rng.integers(low, low + n, (n, 2))
        operands[kinds == GATES.index("NOT"), 1] = operands[kinds == GATES.index("NOT"), 0]
        layers.append([(GATES[k], int(a), int(b)) for k, (a, b) in zip(kinds, operands)])
        low += n
    return bits, layers


def parse(text):
    """Read the bits line and one line of comma-separated gates per layer (see the module).

    Raises
    ------
    FamilyInputError
        If a line cannot be read (the message gives its number) or the circuit is not
        layered (see :func:`check`).
    """
    found = lines(text)
    if len(found) < 2:
        raise FamilyInputError("expected a line of input bits, then one line per layer")
    try:
        bits = parity.parse(found[0][1])
    except FamilyInputError as error:
        raise FamilyInputError(f"line {found[0][0]}: {error}") from None
    layers, available = [], len(bits)
    for number, line in found[1:]:
        layer = []
        for gate in line.split(","):
            fields = words(gate)
            kind = fields[0].upper() if fields else ""
            if kind not in GATES:
                raise FamilyInputError(f"line {number}: gate {gate.strip()!r}: {kind!r} is not "
                                       f"one of {', '.join(GATES)}")
            operands = fields[1:]
            if len(operands) != (1 if kind == "NOT" else 2) or not all(
                    is_decimal(word) for word in operands):
                raise FamilyInputError(f"line {number}: {gate.strip()!r} should be 'AND i j', "
                                       "'OR i j' or 'NOT i' with value indices i, j")
            first, second = int(operands[0]), int(operands[-1])
            if max(first, second) >= available:
                raise FamilyInputError(f"line {number}: {gate.strip()!r} reads a value that does "
                                       f"not exist yet; only 0..{available - 1} (inputs and "
                                       "earlier layers) exist")
            layer.append((kind, first, second))
        layers.append(layer)
        available += len(layer)
    return check((bits, layers))


def to_text(instance):
    """Write ``instance`` in the form :func:`parse` reads."""
    bits, layers = check(instance)
    rows = ["".join(map(str, bits.tolist()))]
    for layer in layers:
        rows.append(", ".join(f"NOT {first}" if kind == "NOT" else f"{kind} {first} {second}"
                              for kind, first, second in layer))
    return "\n".join(rows) + "\n"


def solve(instance):
    """Evaluate the circuit layer by layer; return the last layer's values (uint8 array)."""
    bits, layers = check(instance)
    values = bits.astype(np.uint8)
    for layer in layers:
        kind = np.array([GATES.index(gate[0]) for gate in layer])
        x = values[[gate[1] for gate in layer]]
        y = values[[gate[2] for gate in layer]]
        out = np.where(kind == 0, x & y, np.where(kind == 1, x | y, 1 - x)).astype(np.uint8)
        values = np.concatenate([values, out])
    return values[-len(layers[-1]):]


def verify(instance, answer):
    """Return True if ``answer`` lists exactly the values of the last layer's gates."""
    return same_integers(answer, solve(instance))
