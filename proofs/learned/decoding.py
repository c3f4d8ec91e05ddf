"""Decoding rules: turn a model's logits into one machine step, and wrap a model as a stateless policy.

Each rule decodes a whole padded batch at once (one vectorised pass) and returns one
step per sequence, in the form :func:`simulators.run.run` takes:

- :class:`OfficialAPMDM`: the official AP-MDM rule (``train/diffusion.py``,
  ``_sample_apmdm``): MASK is never predicted and a non-mask position copies itself
  (the SUBS parameterisation), the token is the argmax, and each control head fires
  when its sigmoid exceeds 0.5; the machine's rule g then lets a delete act on a MASK
  only and remask win over unmask. The step is the dense ``(y, ctrl)``.
- :class:`ConfidenceThreshold` and :class:`TopK` (MDM): unmask the masks whose most
  likely real token is at least that likely (at least the single most confident one),
  or the k most confident masks.
- :class:`Literal` (MDM): write every position whose argmax differs from its token,
  MASK included: nothing is corrected, so a model that rewrites a written token or
  emits MASK meets the machine's law (:class:`~simulators.errors.IllegalWriteError`,
  :class:`~simulators.errors.MaskEmittedError`).
- :class:`LeftmostMask` (Masked-ARM), :class:`Greedy` and :class:`Sampled` (ARM append).
  A sampled token takes its seed from the rule's ``seed`` and the sequence itself, never
  from state kept between calls, so the policy stays a function of the sequence.

:class:`ModelPolicy` is ``policy(x)``: one model call on ``[x]``, decoded. It keeps no
state, so the machine's laws and the statelessness audit of ``run`` apply to it as to
any policy.
"""

import zlib

import numpy as np

from proofs.learned.model import CONTROL_HEADS, UNMASK, call_model
from simulators.errors import InvalidArgumentError
from simulators.machines import APMDM, ARM, MDM, MaskedARM

__all__ = ["OfficialAPMDM", "ConfidenceThreshold", "TopK", "Literal", "LeftmostMask", "Greedy",
           "Sampled", "ModelPolicy", "default_decoding", "decoding_by_name", "DECODINGS"]


def _real_token_logits(logits, mask_id):
    """Logits with MASK made impossible (the official SUBS rule's first half)."""
    logits = np.array(logits, dtype=np.float64)
    logits[..., mask_id] = -np.inf
    return logits


def _confidence(logits, mask_id):
    """``(tokens, confidence)``: the most likely real token and its softmax probability."""
    logits = _real_token_logits(logits, mask_id)
    tokens = logits.argmax(-1)
    top = np.take_along_axis(logits, tokens[..., None], -1)[..., 0]
    confidence = 1.0 / np.exp(logits - top[..., None]).sum(-1)
    return tokens, confidence


class _Rule:
    """A decoding rule for machines over ``vocab``; ``controls``: it needs the control heads."""

    controls = False
    machines = ()

    def __init__(self, machine):
        if not isinstance(machine, self.machines):
            raise InvalidArgumentError(
                f"{type(self).__name__} decodes for {', '.join(m.name for m in self.machines)},"
                f" not {machine.name}")
        self.mask_id = machine.vocab.mask_id

    def __repr__(self):
        return f"{type(self).__name__}()"


class OfficialAPMDM(_Rule):
    """The official AP-MDM rule: dense ``(y, ctrl)`` with every head thresholded at 0.5."""

    controls = True
    machines = (APMDM,)

    def __call__(self, out, sequences):
        tokens = _real_token_logits(out[UNMASK], self.mask_id).argmax(-1).astype(np.int32)
        ctrl = np.empty(tokens.shape + (3,), dtype=np.uint8)
        for k, head in enumerate(CONTROL_HEADS):
            np.greater(out[head], 0.0, out=ctrl[..., k], casting="unsafe")  # sigmoid > 0.5
        mask_id = self.mask_id
        return [(np.where(x == mask_id, tokens[row, :len(x)], x), ctrl[row, :len(x)])
                for row, x in enumerate(sequences)]


class _MaskChoice(_Rule):
    """MDM rules that choose which masks to unmask from the confidence of each."""

    machines = (MDM,)

    def choose(self, confidence):
        raise NotImplementedError

    def __call__(self, out, sequences):
        tokens, confidence = _confidence(out[UNMASK], self.mask_id)
        steps = []
        for row, x in enumerate(sequences):
            masks = np.flatnonzero(np.asarray(x) == self.mask_id)
            if masks.size == 0:
                steps.append(None)
                continue
            chosen = np.sort(masks[self.choose(confidence[row, masks])])
            steps.append((chosen.astype(np.int64), tokens[row, chosen].astype(np.int32)))
        return steps


class ConfidenceThreshold(_MaskChoice):
    """Unmask every mask whose best real token has probability >= ``at`` (at least one)."""

    def __init__(self, machine, at=0.5):
        super().__init__(machine)
        if not 0.0 < float(at) <= 1.0:
            raise InvalidArgumentError(f"threshold at={at} must be in (0, 1]")
        self.at = float(at)

    def choose(self, confidence):
        chosen = np.flatnonzero(confidence >= self.at)
        return chosen if chosen.size else np.array([int(confidence.argmax())])

    def __repr__(self):
        return f"ConfidenceThreshold(at={self.at})"


class TopK(_MaskChoice):
    """Unmask the ``k`` most confident masks (all of them if fewer are left)."""

    def __init__(self, machine, k=1):
        super().__init__(machine)
        if int(k) < 1:
            raise InvalidArgumentError(f"k={k} must be at least 1")
        self.k = int(k)

    def choose(self, confidence):
        return np.argsort(-confidence, kind="stable")[:self.k]

    def __repr__(self):
        return f"TopK(k={self.k})"


class Literal(_Rule):
    """Write every position whose argmax (MASK allowed) differs from its token: the
    model's output taken as it is, so the MDM's laws judge it."""

    machines = (MDM, MaskedARM)

    def __call__(self, out, sequences):
        tokens = np.asarray(out[UNMASK]).argmax(-1)
        steps = []
        for row, x in enumerate(sequences):
            x = np.asarray(x)
            if not (x == self.mask_id).any():
                steps.append(None)
                continue
            changed = np.flatnonzero(tokens[row, :len(x)] != x)
            steps.append((changed.astype(np.int64), tokens[row, changed].astype(np.int32)))
        return steps


class LeftmostMask(_Rule):
    """Masked-ARM: unmask the leftmost mask with its most likely real token."""

    machines = (MaskedARM,)

    def __call__(self, out, sequences):
        tokens = _real_token_logits(out[UNMASK], self.mask_id).argmax(-1)
        steps = []
        for row, x in enumerate(sequences):
            masks = np.flatnonzero(np.asarray(x) == self.mask_id)
            steps.append(None if masks.size == 0 else
                         (masks[:1].astype(np.int64), tokens[row, masks[:1]].astype(np.int32)))
        return steps


class Greedy(_Rule):
    """ARM: append the most likely real token after the last position."""

    machines = (ARM,)

    def __call__(self, out, sequences):
        tokens = _real_token_logits(out[UNMASK], self.mask_id).argmax(-1)
        return [int(tokens[row, len(x) - 1]) for row, x in enumerate(sequences)]


class Sampled(_Rule):
    """ARM: sample the next real token at ``temperature``; the generator is seeded by
    ``seed`` and the sequence's bytes, so one sequence always gets one token."""

    machines = (ARM,)

    def __init__(self, machine, seed=0, temperature=1.0):
        super().__init__(machine)
        if not float(temperature) > 0:
            raise InvalidArgumentError(f"temperature={temperature} must be positive")
        self.seed, self.temperature = int(seed), float(temperature)

    def __call__(self, out, sequences):
        logits = _real_token_logits(out[UNMASK], self.mask_id) / self.temperature
        steps = []
        for row, x in enumerate(sequences):
            last = logits[row, len(x) - 1]
            probs = np.exp(last - last.max())
            digest = zlib.crc32(np.ascontiguousarray(x, dtype=np.int32).tobytes())
            rng = np.random.default_rng([self.seed, digest, len(x)])
            steps.append(int(rng.choice(len(probs), p=probs / probs.sum())))
        return steps

    def __repr__(self):
        return f"Sampled(seed={self.seed}, temperature={self.temperature})"


DECODINGS = {"official": OfficialAPMDM, "threshold": ConfidenceThreshold, "top-k": TopK,
             "literal": Literal, "leftmost": LeftmostMask, "greedy": Greedy, "sample": Sampled}
"""Name -> rule; ``threshold:0.9``, ``top-k:2``, ``sample:SEED`` give the rule's number."""

_DEFAULTS = {APMDM: OfficialAPMDM, MDM: ConfidenceThreshold, MaskedARM: LeftmostMask,
             ARM: Greedy}


def default_decoding(machine):
    """The rule a machine's model is decoded with unless told otherwise."""
    return _DEFAULTS[type(machine)](machine)


def decoding_by_name(machine, spec):
    """Return the rule named by ``spec`` (``'official'``, ``'threshold:0.9'``, ...).

    Raises
    ------
    InvalidArgumentError
        For an unknown name, a bad number, or a rule the machine cannot use.
    """
    if spec is None:
        return default_decoding(machine)
    name, _, number = str(spec).partition(":")
    if name not in DECODINGS:
        raise InvalidArgumentError(f"no decoding {name!r}; choose one of {', '.join(DECODINGS)}")
    if not number:
        return DECODINGS[name](machine)
    try:
        value = float(number) if name == "threshold" else int(number)
    except ValueError:
        raise InvalidArgumentError(f"decoding {spec!r}: {number!r} is not a number") from None
    return DECODINGS[name](machine, value)


class ModelPolicy:
    """A model as a stateless policy: ``policy(x)`` calls the model on ``[x]`` and decodes.

    Parameters
    ----------
    model : callable
        See :mod:`proofs.learned.model`.
    machine : Machine
    decoding : rule or None
        Default: :func:`default_decoding`.

    Examples
    --------
    >>> from simulators.run import run
    >>> from proofs.oracles import parity
    >>> from proofs.learned.oracle import oracle_model
    >>> model = oracle_model("parity", "apmdm")
    >>> policy = ModelPolicy(model, parity.TASK.process("apmdm").machine())
    >>> result = run(policy.machine, policy, parity.apmdm_prompt([1, 0, 1]))
    >>> result.final.tolist(), result.stopped_by
    ([0], 'fixed_point')
    """

    def __init__(self, model, machine, decoding=None):
        self.model, self.machine = model, machine
        self.decoding = default_decoding(machine) if decoding is None else decoding

    def outputs(self, sequences):
        """The model's heads on ``sequences`` (one call)."""
        return call_model(self.model, sequences, self.machine.vocab.mask_id,
                          controls=self.decoding.controls)

    def decode(self, sequences):
        """One model call on ``sequences``, decoded: one step per sequence."""
        return self.decoding(self.outputs(sequences), sequences)

    def __call__(self, x):
        return self.decode([np.asarray(x)])[0]

    def __repr__(self):
        return f"ModelPolicy({self.model!r}, {self.machine.name}, {self.decoding!r})"
