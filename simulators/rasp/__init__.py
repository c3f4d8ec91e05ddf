"""A RASP-style step language whose programs are policies, with depth and width read off the graph.

Why here: the paper's machines take one constant-depth transformer pass per step
(PAPER.md §1.1, §2: T1's constant-depth encoder; E-FASP). This package is an engine
for such steps, like the PRAM: it knows the machines' policy interface and nothing of
claims or tasks, so it sits in :mod:`simulators`. The programs that certify the paper's
policies know their tasks' layouts and oracles, so they live in :mod:`proofs.certified`.

Write a step with :data:`TOKENS`, :data:`INDICES`, :func:`map`, :func:`seq_map`,
:func:`select`, :func:`aggregate` and :func:`selector_width`; wrap the output streams
in a :class:`Program`, which is a policy for :func:`simulators.run.run`. Its
``depth`` (attention layers) and ``width`` (streams) come from its graph.

Examples
--------
>>> import numpy as np
>>> from simulators import rasp
>>> from simulators.machines import ARM
>>> from simulators.run import run
>>> from simulators.vocab import Vocab
>>> vocab = Vocab(["[BOS]", "[EOS]", "[MASK]", "a"])
>>> size = rasp.length()   # append 'a' until the sequence has 4 tokens, then EOS
>>> token = rasp.map(lambda n: 1 if n >= 4 else 3, size)
>>> program = rasp.Program("arm", {"token": token})
>>> program.depth, program.width
(1, 3)
>>> vocab.format(run(ARM(vocab), program, vocab.encode(["[BOS]"])).final)
'[BOS] a a a [EOS]'
"""

from simulators.rasp.evaluate import evaluate_graph, step_of
from simulators.rasp.language import (
    COMPARISONS, INDICES, MACHINE_OUTPUTS, REDUCTIONS, TOKENS, Program, Selector, Stream,
    aggregate, constant, depth_of, describe, graph_of, heads_of, length, map, select, select_all,
    selector_width, seq_map, width_of)

__all__ = [
    "Stream", "Selector", "Program", "TOKENS", "INDICES", "COMPARISONS", "REDUCTIONS",
    "MACHINE_OUTPUTS", "map", "seq_map", "constant", "select", "select_all", "aggregate",
    "selector_width", "length", "graph_of", "depth_of", "width_of", "heads_of", "describe",
    "evaluate", "evaluate_graph", "step_of",
]


def evaluate(x, *streams):
    """Return the values of ``streams`` on the sequence ``x``, one float64 array each.

    Raises
    ------
    InvalidArgumentError
        If ``x`` is not a 1-D integer sequence or a map returns a non-number.

    Examples
    --------
    >>> from simulators import rasp
    >>> before = rasp.selector_width(rasp.select(rasp.INDICES, rasp.INDICES, "<"))
    >>> rasp.evaluate([7, 7, 7], before)[0].tolist()
    [0.0, 1.0, 2.0]
    """
    values = evaluate_graph(graph_of(*streams), x)
    return [values[stream.uid] for stream in streams]
