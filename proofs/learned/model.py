"""The model interface: a batch of padded token ids in, the official AP-MDM heads' logits out.

A model is any callable ``model(tokens, lengths) -> mapping``:

- ``tokens``: int64 array ``(B, L)``, each row a sequence padded on the right (the pad
  value is the machine's MASK; positions at or past ``lengths[b]`` are padding);
- ``lengths``: int64 array ``(B,)``;
- the mapping holds ``unmasking_logits`` ``(B, L, V)`` and, for AP-MDM,
  ``remasking_logits``, ``expansion_logits`` and ``contraction_logits``, each ``(B, L)``
  or ``(B, L, 1)``: the head names and layout of the official AP-MDM model
  (``train/models/dit.py``, ``APMDMQuadrupleHead``). An ARM model's row ``L - 1`` holds
  the next token's logits; MDM models give only ``unmasking_logits``.

Outputs may be numpy arrays or anything ``numpy.asarray`` takes (a torch model's wrapper
returns numpy). :func:`call_model` pads, calls and checks the shapes once per batch.
"""

import numpy as np

from simulators.errors import StepShapeError

__all__ = ["UNMASK", "REMASK", "EXPAND", "CONTRACT", "CONTROL_HEADS", "HEADS", "pad_batch",
           "call_model"]

UNMASK = "unmasking_logits"
REMASK = "remasking_logits"
EXPAND = "expansion_logits"
CONTRACT = "contraction_logits"
CONTROL_HEADS = (REMASK, EXPAND, CONTRACT)
"""The control heads in the order of a step's ``(remask, insert, delete)`` bits."""
HEADS = (UNMASK,) + CONTROL_HEADS
"""Every head name, as the official model's output dict spells it."""


def pad_batch(sequences, pad_id):
    """Return ``(tokens, lengths)``: the sequences right-padded with ``pad_id`` into one
    int64 array (at least one column), and their lengths.

    Examples
    --------
    >>> tokens, lengths = pad_batch([np.array([0, 3]), np.array([0])], 2)
    >>> tokens.tolist(), lengths.tolist()
    ([[0, 3], [0, 2]], [2, 1])
    """
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    width = max(1, int(lengths.max())) if len(sequences) else 1
    tokens = np.full((len(sequences), width), pad_id, dtype=np.int64)
    for row, sequence in enumerate(sequences):
        tokens[row, :len(sequence)] = sequence
    return tokens, lengths


def call_model(model, sequences, pad_id, *, controls=True):
    """Call ``model`` once on ``sequences`` and return its heads as float arrays.

    Parameters
    ----------
    model : callable
        ``model(tokens, lengths) -> mapping`` (see the module docstring).
    sequences : list of numpy.ndarray
        The current sequences, one per instance.
    pad_id : int
        The padding token (the machine's MASK).
    controls : bool
        Require the three control heads (AP-MDM); otherwise only ``unmasking_logits``.

    Returns
    -------
    dict
        ``unmasking_logits`` ``(B, L, V)`` and, with ``controls``, the control heads
        ``(B, L)``; L is the longest sequence.

    Raises
    ------
    StepShapeError
        If a head is missing or has the wrong shape.
    """
    tokens, lengths = pad_batch(sequences, pad_id)
    raw = model(tokens, lengths)
    batch, width = tokens.shape
    if not hasattr(raw, "get") or raw.get(UNMASK) is None:
        raise StepShapeError(f"the model must return a mapping with {UNMASK!r} (B, L, V); "
                             f"got {type(raw).__name__}")
    out = {UNMASK: np.asarray(raw[UNMASK], dtype=np.float64)}
    if out[UNMASK].ndim != 3 or out[UNMASK].shape[:2] != (batch, width):
        raise StepShapeError(f"{UNMASK} has shape {out[UNMASK].shape}; expected "
                             f"({batch}, {width}, V) for {batch} sequences padded to {width}")
    for head in CONTROL_HEADS if controls else ():
        if raw.get(head) is None:
            raise StepShapeError(f"an AP-MDM model must return {head!r}; it returned "
                                 f"{sorted(raw)}")
        logits = np.asarray(raw[head], dtype=np.float64)
        if logits.ndim == 3 and logits.shape[2] == 1:
            logits = logits[:, :, 0]
        if logits.shape != (batch, width):
            raise StepShapeError(f"{head} has shape {np.shape(raw[head])}; expected "
                                 f"({batch}, {width}) or ({batch}, {width}, 1)")
        out[head] = logits
    return out
