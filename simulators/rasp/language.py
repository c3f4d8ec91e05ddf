"""The step language: streams, element-wise maps, select/aggregate attention, and a program's graph.

A **stream** holds one number per position of the sequence (RASP's s-op). Streams are
built from two inputs, :data:`TOKENS` and :data:`INDICES`, by

- :func:`map` / :func:`seq_map`: an element-wise function of one or several streams at
  the same position (an MLP; it is called on scalars, so it cannot see other positions);
- :func:`aggregate`: one attention head. A :func:`select` compares a key stream with a
  query stream (``key OP query``; ``&`` joins comparisons into one selector); each query
  position then reduces the values of the keys it selects: ``mean``, ``max``, ``min``,
  ``argmax``/``argmin`` of a score stream (hard attention; ties go to the rightmost key
  for argmax and the leftmost for argmin), ``first``/``last`` (argmin/argmax of the
  index), or a ``default`` when it selects nothing;
- :func:`selector_width`: how many keys each query selects (one attention head).

A :class:`Program` names its output streams and the machine whose step they make. Its
graph is static, so **depth** (attention heads on the longest path from the inputs to
an output: the transformer's layer count, maps fused into the MLPs between them) and
**width** (streams in the graph: the embedding's channels) are computed from it; a
program cannot declare them. A program whose shape depends on n is built by a function
of n, and its depth is measured at each n.

Examples
--------
>>> from simulators import rasp
>>> is_one = rasp.map(lambda t: t == 1, rasp.TOKENS, label="is_one")
>>> ones_before = rasp.aggregate(rasp.select(rasp.INDICES, rasp.INDICES, "<"), is_one, "mean")
>>> rasp.depth_of(ones_before), rasp.width_of(ones_before)
(1, 4)
"""

import itertools
from dataclasses import dataclass, field
from types import MappingProxyType

from simulators.errors import InvalidArgumentError
from simulators.rasp.evaluate import step_of

__all__ = [
    "Stream", "Selector", "TOKENS", "INDICES", "COMPARISONS", "REDUCTIONS",
    "map", "seq_map", "constant", "select", "select_all", "aggregate", "selector_width",
    "length", "graph_of", "depth_of", "width_of", "heads_of", "describe", "Program",
    "MACHINE_OUTPUTS",
]

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=", "true")
"""Comparisons a selector may make, read as ``key OP query``."""

REDUCTIONS = ("mean", "max", "min", "argmax", "argmin", "first", "last")
"""How an attention head reduces the values of the keys a query selects."""

_ids = itertools.count()


@dataclass(frozen=True, eq=False)
class Stream:
    """One number per position: a node of a program's graph (compared by identity).

    Attributes
    ----------
    kind : str
        'tokens', 'indices', 'map', 'aggregate' or 'width'.
    inputs : tuple of Stream
        The streams it is computed from (for attention: keys, queries, values, score).
    label : str
    function : callable or None
        For 'map': the element-wise function.
    selector : Selector or None
        For 'aggregate' and 'width'.
    reduce : str or None
    default : float
    """

    kind: str
    inputs: tuple = ()
    label: str = ""
    function: object = None
    selector: "Selector | None" = None
    reduce: str | None = None
    default: float = 0.0
    uid: int = field(default_factory=lambda: next(_ids))

    def __repr__(self):
        return f"<{self.kind} {self.label or self.uid}>"


@dataclass(frozen=True, eq=False)
class Selector:
    """Which keys each query attends to: a conjunction of ``key OP query`` comparisons.

    Attributes
    ----------
    terms : tuple of (Stream, Stream, str)
        ``(keys, queries, op)`` triples; a key is selected when every one holds.
    """

    terms: tuple

    def __and__(self, other):
        if not isinstance(other, Selector):
            return NotImplemented
        return Selector(self.terms + other.terms)


TOKENS = Stream("tokens", label="tokens")
"""The token ids of the sequence."""
INDICES = Stream("indices", label="indices")
"""The positions 0..L-1."""


def _check_stream(value, name):
    if not isinstance(value, Stream):
        raise InvalidArgumentError(f"{name} must be a Stream (built from TOKENS and INDICES), "
                                   f"got {type(value).__name__}")
    return value


def map(function, stream, *, label=""):  # noqa: A001 - RASP's name for it
    """Return the stream ``function(stream[i])`` at every position i (an MLP, not attention).

    ``function`` is called on one scalar at a time (an int when the value is whole, else a
    float) and must return a number or a bool.

    Raises
    ------
    InvalidArgumentError
        If ``function`` is not callable or ``stream`` is not a Stream.
    """
    return seq_map(function, stream, label=label)


def seq_map(function, *streams, label=""):
    """Return ``function(a[i], b[i], ...)`` at every position i, for one or more streams.

    Raises
    ------
    InvalidArgumentError
        If ``function`` is not callable or no stream (or a non-stream) is given.

    Examples
    --------
    >>> from simulators import rasp
    >>> total = rasp.seq_map(lambda t, i: t + i, rasp.TOKENS, rasp.INDICES)
    >>> rasp.depth_of(total)
    0
    """
    if not callable(function):
        raise InvalidArgumentError(f"function must be callable, got {type(function).__name__}")
    if not streams:
        raise InvalidArgumentError("seq_map needs at least one stream")
    for k, stream in enumerate(streams):
        _check_stream(stream, f"streams[{k}]")
    return Stream("map", tuple(streams), label, function=function)


def constant(value, *, label=""):
    """Return a stream holding ``value`` at every position (a map of the indices)."""
    value = float(value)
    return Stream("map", (INDICES,), label or f"const {value:g}", function=lambda _: value)


def select(keys, queries, op):
    """Return the selector that lets query i attend to key j when ``keys[j] OP queries[i]``.

    Raises
    ------
    InvalidArgumentError
        If ``op`` is not one of :data:`COMPARISONS`, or an argument is not a Stream.
    """
    _check_stream(keys, "keys")
    _check_stream(queries, "queries")
    if op not in COMPARISONS:
        raise InvalidArgumentError(f"op={op!r} is not a comparison; expected one of {COMPARISONS}")
    return Selector(((keys, queries, op),))


def select_all():
    """Return the selector by which every query attends to every key."""
    return select(INDICES, INDICES, "true")


def aggregate(selector, values, reduce="mean", *, default=0.0, score=None, label=""):
    """Return one attention head: each query reduces the ``values`` of the keys it selects.

    Parameters
    ----------
    selector : Selector
    values : Stream
    reduce : str
        One of :data:`REDUCTIONS`. ``argmax``/``argmin`` take the value at the selected
        key with the largest/smallest ``score`` (ties: rightmost for argmax, leftmost for
        argmin); ``first``/``last`` use the index as the score.
    default : float
        The result at a query that selects no key.
    score : Stream or None
        Required by ``argmax``/``argmin``, refused by the others.

    Raises
    ------
    InvalidArgumentError
        If ``reduce`` is unknown, a score is missing or superfluous, or an argument has the
        wrong type.
    """
    if not isinstance(selector, Selector):
        raise InvalidArgumentError(f"selector must be a Selector (from select), "
                                   f"got {type(selector).__name__}")
    _check_stream(values, "values")
    if reduce not in REDUCTIONS:
        raise InvalidArgumentError(f"reduce={reduce!r} is unknown; expected one of {REDUCTIONS}")
    if reduce in ("first", "last"):
        if score is not None:
            raise InvalidArgumentError(f"reduce={reduce!r} scores by the index; give no score")
        reduce, score = ("argmin" if reduce == "first" else "argmax"), INDICES
    if (score is None) == (reduce in ("argmax", "argmin")):
        raise InvalidArgumentError(f"reduce={reduce!r}: a score stream is needed exactly for "
                                   "argmax and argmin")
    extra = () if score is None else (_check_stream(score, "score"),)
    return Stream("aggregate", _selector_inputs(selector) + (values,) + extra, label,
                  selector=selector, reduce=reduce, default=float(default))


def selector_width(selector, *, label=""):
    """Return how many keys each query selects (one attention head).

    Raises
    ------
    InvalidArgumentError
        If ``selector`` is not a Selector.
    """
    if not isinstance(selector, Selector):
        raise InvalidArgumentError(f"selector must be a Selector, got {type(selector).__name__}")
    return Stream("width", _selector_inputs(selector), label, selector=selector)


def length():
    """Return the sequence length at every position (a selector width: one attention head)."""
    return selector_width(select_all(), label="length")


def _selector_inputs(selector):
    return tuple(stream for keys, queries, _ in selector.terms for stream in (keys, queries))


def graph_of(*outputs):
    """Return every stream the ``outputs`` depend on, inputs before the streams built on them."""
    order, seen = [], set()
    for output in outputs:
        stack = [(_check_stream(output, "output"), False)]
        while stack:
            node, expanded = stack.pop()
            if node.uid in seen:
                continue
            if expanded:
                seen.add(node.uid)
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.inputs) if child.uid not in seen)
    return order


def _depths(order):
    depth = {}
    for node in order:
        below = max((depth[child.uid] for child in node.inputs), default=0)
        depth[node.uid] = below + (node.kind in ("aggregate", "width"))
    return depth


def depth_of(*outputs):
    """Return the most attention heads on a path from the inputs to one of ``outputs``."""
    order = graph_of(*outputs)
    depth = _depths(order)
    return max((depth[output.uid] for output in outputs), default=0)


def width_of(*outputs):
    """Return the number of streams (inputs included) that ``outputs`` are computed from."""
    return len(graph_of(*outputs))


def heads_of(*outputs):
    """Return the number of attention heads (aggregates and selector widths) in the graph."""
    return sum(node.kind in ("aggregate", "width") for node in graph_of(*outputs))


def describe(*outputs):
    """Return the graph as text, one stream a line: its layer, kind, label and inputs.

    Examples
    --------
    >>> from simulators import rasp
    >>> print(rasp.describe(rasp.length()))
    layer 0  indices    indices
    layer 1  width      length <- indices, indices
    """
    order = graph_of(*outputs)
    depth = _depths(order)
    name = {node.uid: node.label or f"{node.kind} #{node.uid}" for node in order}
    lines = []
    for node in order:
        line = f"layer {depth[node.uid]}  {node.kind:<10} {name[node.uid]}"
        if node.reduce:
            line += f" [{node.reduce}]"
        if node.inputs:
            line += " <- " + ", ".join(name[child.uid] for child in node.inputs)
        lines.append(line)
    return "\n".join(lines)


MACHINE_OUTPUTS = {
    "arm": ("token",),
    "mdm": ("write", "token"),
    "apmdm": ("act", "token", "remask", "insert", "delete"),
}
"""The output streams a program needs for each machine (``halt`` is optional for all)."""


@dataclass(frozen=True, eq=False)
class Program:
    """A step of a generation machine written in the step language; calling it is a policy.

    Parameters
    ----------
    machine : str
        'arm', 'mdm' (also Masked-ARM) or 'apmdm'.
    outputs : dict of str to Stream
        The streams of :data:`MACHINE_OUTPUTS` for ``machine``, and optionally ``halt``.
        How they become the machine's step (see :func:`simulators.rasp.evaluate.step_of`):

        - ``halt``: stop (return None) when it is non-zero at position 0;
        - ARM: append ``token`` read at the last position;
        - MDM: unmask the positions where ``write`` is non-zero with ``token`` there;
        - AP-MDM: an Edit of the positions where ``act`` is non-zero, with ``token`` and
          the control bits ``remask``/``insert``/``delete`` (non-zero means 1) there.
    name : str

    Raises
    ------
    InvalidArgumentError
        If the machine is unknown or an output is missing, unknown or not a Stream.
    """

    machine: str
    outputs: dict
    name: str = "program"
    order: tuple = field(init=False, repr=False)

    def __post_init__(self):
        if self.machine not in MACHINE_OUTPUTS:
            raise InvalidArgumentError(f"machine={self.machine!r}; expected one of "
                                       f"{sorted(MACHINE_OUTPUTS)}")
        needed = set(MACHINE_OUTPUTS[self.machine])
        given = set(self.outputs)
        if needed - given or given - needed - {"halt"}:
            raise InvalidArgumentError(
                f"a {self.machine} program has outputs {sorted(needed)} (and optionally 'halt'); "
                f"missing {sorted(needed - given)}, unknown {sorted(given - needed - {'halt'})}")
        for key, stream in self.outputs.items():
            _check_stream(stream, f"outputs[{key!r}]")
        object.__setattr__(self, "outputs", MappingProxyType(dict(self.outputs)))
        object.__setattr__(self, "order", tuple(graph_of(*self.outputs.values())))

    @property
    def depth(self):
        """Attention heads on the longest path to an output (the layer count)."""
        depth = _depths(self.order)
        return max(depth[stream.uid] for stream in self.outputs.values())

    @property
    def width(self):
        """Streams in the graph, inputs included."""
        return len(self.order)

    @property
    def heads(self):
        """Attention heads in the graph."""
        return sum(node.kind in ("aggregate", "width") for node in self.order)

    def describe(self):
        """Return the program's graph as text (see :func:`describe`), outputs named."""
        outputs = "; ".join(f"{key} = {stream.label or stream.kind}"
                            for key, stream in self.outputs.items())
        return f"{describe(*self.outputs.values())}\noutputs: {outputs}"

    def __call__(self, x):
        """Return this program's step for the sequence ``x`` (what a policy returns)."""
        return step_of(self, x)
