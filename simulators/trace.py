"""Traces of runs in the official AP-MDM training-sample format, saved as .npz or JSONL, and replayed.

A sample is one transition with the fields of the official code (PAPER.md §6)::

    x_k, y_star, r_star, e_star, c_star, x_k_plus_1

``y_star`` equals ``x_k`` except at masks that the step unmasks, where it holds the new
token; masks that the step leaves alone get ``r_star = 1`` (remask keeps a mask a mask,
since Algorithm 1 would otherwise unmask every mask), deleted masks keep MASK in
``y_star``, as the official parity data does. :func:`replay` checks
``g(x_k, y_star, (r_star, e_star, c_star)) == x_k_plus_1`` for every sample.

ARM steps append a token, which is not one application of g, so ARM traces keep their
states but cannot be exported as samples.
"""

import gzip
import json
import pickle
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from simulators import step
from simulators.errors import GenpowerError, TraceFormatError
from simulators.jit import njit
from simulators.update import apply_g

__all__ = ["Trace", "FIELDS", "step_sample", "save_samples", "load_samples", "checked_sample",
           "replay",
           "ReplayReport"]

FIELDS = ("x_k", "y_star", "r_star", "e_star", "c_star", "x_k_plus_1")
_LABEL_FIELDS = ("y_star", "r_star", "e_star", "c_star")


@dataclass
class Trace:
    """A run as its prompt and the sparse steps applied to it; states are rebuilt on demand.

    Recording costs O(k) per step for a step that lists k positions, so long runs can be
    recorded; iterating over states or samples replays the steps through the machine's
    own step kernel.

    Attributes
    ----------
    machine : simulators.machines.Machine
    initial : numpy.ndarray
        The prompt.
    steps : list of tuple
        ``steps[t] = (positions, tokens, ctrl)``, the sparse step applied at step t.
    """

    machine: object
    initial: np.ndarray
    steps: list = field(default_factory=list)
    _states: tuple = field(default=(-1, None), init=False, repr=False, compare=False)

    def __len__(self):
        return len(self.steps)

    @classmethod
    def load(cls, path, machine=None):
        """Read a trace saved by :meth:`save` (or samples in the same format) as a Trace.

        Each sample becomes one dense step ``(y_star, (r_star, e_star, c_star))``; the
        samples must chain (each ``x_k_plus_1`` is the next ``x_k``) and replay.

        Parameters
        ----------
        path : str or pathlib.Path
            A .npz or .jsonl file.
        machine : Machine or None
            The machine the trace ran on; by default an AP-MDM over the vocabulary saved
            in the .npz file (JSONL files hold none, so pass ``machine``).

        Raises
        ------
        TraceFormatError
            If the file is malformed, holds ids outside the vocabulary, floats, or control
            labels other than 0/1, or its samples do not chain or replay.
        """
        from simulators.machines import APMDM
        from simulators.vocab import Vocab

        if not Path(path).is_file():
            raise TraceFormatError(f"cannot read {path}: no such file")
        if machine is None:
            names = _saved_vocab(path)
            if names is None:
                raise TraceFormatError(f"{path} holds no vocabulary; pass machine= to Trace.load")
            machine = APMDM(Vocab(names))
        vocab = machine.vocab
        samples = load_samples(path, vocab_size=len(vocab))
        if not samples:
            raise TraceFormatError(f"{path} holds no samples")
        report = replay(samples, vocab.mask_id)
        if not report.ok:
            raise TraceFormatError(f"{path}: {report.message}")
        steps = []
        for index, sample in enumerate(samples):
            if index and not np.array_equal(sample["x_k"], samples[index - 1]["x_k_plus_1"]):
                raise TraceFormatError(f"{path}: sample {index}'s x_k is not sample "
                                       f"{index - 1}'s x_k_plus_1")
            ctrl = np.stack([sample["r_star"], sample["e_star"], sample["c_star"]], axis=1)
            steps.append((np.arange(len(sample["x_k"]), dtype=np.int64), sample["y_star"],
                          ctrl.astype(np.uint8)))
        return cls(machine, samples[0]["x_k"].copy(), steps)

    def iter_states(self):
        """Yield the sequence before each step, then the final sequence (``len(self) + 1`` in all)."""
        vocab = self.machine.vocab
        buf, start, end = step.new_buffer(self.initial)
        first_mask = step.leftmost_mask(self.initial, vocab.mask_id)
        counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
        yield buf[start:end].copy()
        for positions, tokens, ctrl in self.steps:
            status, _, buf, start, end, first_mask = step.apply_step(
                self.machine.code, buf, start, end, positions, tokens, ctrl, vocab.mask_id,
                len(vocab), vocab.eos_id, first_mask, step.NO_LIMIT, counts)
            assert status == step.OK, "a recorded step no longer applies"
            yield buf[start:end].copy()

    @property
    def states(self):
        """All states as a list (memory: the sum of their lengths; prefer :meth:`iter_states`).

        Built once and kept until a step is added, so indexing it repeatedly is cheap.
        """
        count, states = self._states
        if count != len(self.steps):
            states = list(self.iter_states())
            self._states = (len(self.steps), states)
        return states

    def iter_samples(self):
        """Yield the run as official AP-MDM samples (dicts of int32 arrays), one per step.

        Raises
        ------
        TraceFormatError
            For an ARM trace: appending a token is not one AP-MDM step.
        """
        if self.machine.name == "arm":  # checked now, not at the first next()
            raise TraceFormatError("ARM steps append a token, which is not one application of "
                                   "the AP-MDM rule g; only MDM, Masked-ARM and AP-MDM traces export")
        return self._replayed_samples()

    def _replayed_samples(self):
        mask_id = self.machine.vocab.mask_id
        states = self.iter_states()
        x_k = next(states)
        for edit, x_next in zip(self.steps, states):
            yield _sample(x_k, edit, x_next, mask_id)
            x_k = x_next

    def samples(self):
        """Return :meth:`iter_samples` as a list."""
        return list(self.iter_samples())

    def save(self, path):
        """Write the samples to ``path`` (.npz or .jsonl, by suffix) and return the path;
        JSONL is written as the samples are replayed, one line at a time."""
        return save_samples(self.iter_samples(), path, vocab_names=self.machine.vocab.names,
                            mask_id=self.machine.vocab.mask_id)


def _labels(x_k, edit, mask_id):
    positions, tokens, ctrl = edit
    y_star, labels, _ = _labels_kernel(np.ascontiguousarray(x_k, dtype=np.int32),
                                       np.ascontiguousarray(positions, dtype=np.int64),
                                       np.ascontiguousarray(tokens, dtype=np.int32),
                                       np.ascontiguousarray(ctrl, dtype=np.uint8), mask_id)
    return y_star, labels


@njit(cache=True)
def _labels_kernel(x_k, positions, tokens, ctrl, mask_id):
    """Dense labels of a sparse edit, and the successor when it keeps the length.

    Unlisted masks stay masks (``r_star = 1``); a listed position takes the step's
    control bits; ``y_star`` is ``x_k`` with the tokens of the masks the step unmasks.
    ``x_next`` is g's successor when no insert or delete bit is set (remask where
    ``r_star``, else ``y_star``), else unset (``keeps`` is False).
    """
    n = x_k.shape[0]
    y_star = x_k.copy()
    labels = np.zeros((n, 3), np.int32)
    for i in range(n):
        if x_k[i] == mask_id:
            labels[i, 0] = 1
    keeps = True
    for j in range(positions.shape[0]):
        p = positions[j]
        for k in range(3):
            labels[p, k] = ctrl[j, k]
        if ctrl[j, 1] or ctrl[j, 2]:
            keeps = False
        if x_k[p] == mask_id and ctrl[j, 0] == 0 and ctrl[j, 2] == 0:
            y_star[p] = tokens[j]
    x_next = y_star.copy()
    if keeps:
        for i in range(n):
            if labels[i, 0]:
                x_next[i] = mask_id
    return y_star, labels, x_next if keeps else x_next[:0]


def _sample(x_k, edit, x_next, mask_id):
    y_star, labels = _labels(x_k, edit, mask_id)
    return _as_sample(x_k, y_star, labels, x_next)


def _as_sample(x_k, y_star, labels, x_next):
    return {"x_k": x_k.astype(np.int32), "y_star": y_star,
            "r_star": labels[:, 0].copy(), "e_star": labels[:, 1].copy(),
            "c_star": labels[:, 2].copy(), "x_k_plus_1": x_next.astype(np.int32)}


def step_sample(x_k, edit, mask_id):
    """Return the official sample of one sparse edit ``(positions, tokens, ctrl)`` on ``x_k``.

    The labels are those :meth:`Trace.iter_samples` writes, and ``x_k_plus_1`` is
    ``g(x_k, labels)``: the AP-MDM rule makes the successor, so a writer that keeps its
    own state (an exporter) cannot write an unlawful step. Without insert or delete
    bits, g is applied in its length-keeping form (remask where ``r_star``, else
    ``y_star``, which equals ``x_k`` off the unmasked masks).

    Examples
    --------
    >>> x = np.array([0, 2, 3], np.int32)
    >>> edit = (np.array([1, 2]), np.array([4, 0]), np.array([[0, 0, 0], [1, 0, 0]], np.uint8))
    >>> step_sample(x, edit, mask_id=2)["x_k_plus_1"].tolist()
    [0, 4, 2]
    """
    positions, tokens, ctrl = edit
    x_k = np.ascontiguousarray(x_k, dtype=np.int32)
    y_star, labels, x_next = _labels_kernel(x_k, np.ascontiguousarray(positions, dtype=np.int64),
                                            np.ascontiguousarray(tokens, dtype=np.int32),
                                            np.ascontiguousarray(ctrl, dtype=np.uint8), mask_id)
    if len(x_next) != len(x_k):            # an insert or a delete: g in full
        x_next = apply_g(x_k, y_star, labels, mask_id)
    return _as_sample(x_k, y_star, labels, x_next)


def save_samples(samples, path, *, vocab_names=None, mask_id=None):
    """Write samples to ``path``: ``.npz`` (flat arrays plus offsets) or ``.jsonl`` (one per line).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    TraceFormatError
        If the suffix is neither .npz nor .jsonl.
    """
    path = Path(path)
    if path.suffix == ".jsonl":
        with path.open("w") as handle:  # streams: ``samples`` may be a generator
            for sample in samples:
                handle.write(json.dumps({key: np.asarray(sample[key]).tolist() for key in FIELDS}))
                handle.write("\n")
    elif path.suffix == ".npz":
        samples = list(samples)
        arrays = {}
        for key in FIELDS:
            parts = [np.asarray(sample[key], dtype=np.int32) for sample in samples]
            arrays[key] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
            arrays[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
        if vocab_names is not None:
            arrays["vocab"] = np.array(vocab_names)
        if mask_id is not None:
            arrays["mask_id"] = np.array(mask_id)
        np.savez_compressed(path, **arrays)
    else:
        raise TraceFormatError(f"cannot tell the format of {path}: use a .npz or .jsonl suffix")
    return path


_UNREADABLE = (OSError, ValueError, EOFError, zipfile.BadZipFile)
"""What np.load raises on a missing, truncated or corrupt .npz file."""


def _saved_vocab(path):
    path = Path(path)
    if path.suffix != ".npz":
        return None
    try:
        with np.load(path) as data:
            return [str(name) for name in data["vocab"]] if "vocab" in data else None
    except _UNREADABLE as error:
        raise TraceFormatError(f"cannot read {path}: {error}") from None


def load_samples(path, vocab_size=None, *, metadata=False):
    """Read samples written by :func:`save_samples` (or in the same layout by other tools).

    ``vocab_size``, if given, is the number of token ids: ids outside ``0..vocab_size-1``
    are refused. Reads ``.jsonl``, ``.npz`` and the official ``.pkl.gz`` container (a
    gzip'd pickle of a list of samples or of ``{"samples": [...], ...}``, as the official
    loaders read it; only numpy arrays and plain values are unpickled, so a pickle cannot
    run code). With
    ``metadata``, each sample also gets its ``solver_metadata`` dict (empty when the file
    holds none).

    Returns
    -------
    list of dict
        Each with the six fields of ``FIELDS`` as int32 arrays.

    Raises
    ------
    TraceFormatError
        If a field is missing, label lengths disagree with ``x_k``, a field holds floats
        or ids out of range, a label is not 0/1, or the file is not .npz/.jsonl/.pkl.gz;
        the message names the line or sample.
    """
    path = Path(path)
    if path.suffix == ".jsonl":
        samples = []
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as error:  # missing, a directory, not UTF-8
            raise TraceFormatError(f"cannot read {path}: {error}") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:  # not JSON, or a number of more than 4,300 digits
                raise TraceFormatError(f"{path}:{number}: not JSON "
                                       f"({getattr(error, 'msg', error)})") from None
            if not isinstance(record, dict):
                raise TraceFormatError(f"{path}:{number}: expected a JSON object")
            samples.append(_with_metadata(checked_sample(record, f"{path}:{number}", vocab_size),
                                          record.get("solver_metadata"), metadata))
        return samples
    if path.suffix == ".npz":
        try:
            with np.load(path) as data:
                missing = [k for k in FIELDS for name in (k, f"{k}_offsets") if name not in data]
                if missing:
                    raise TraceFormatError(f"{path}: missing arrays {sorted(set(missing))}")
                columns = {k: (data[k], data[f"{k}_offsets"]) for k in FIELDS}
                keys = ([str(k) for k in data["metadata_keys"]] if "metadata_keys" in data else
                        [k for k in ("operation", "instance_id") if k in data])
                table = {k: data[k].tolist() for k in keys} if metadata else {}
                if metadata and "mask_id" in data:
                    table["mask_id"] = [int(data["mask_id"])] * (len(columns["x_k"][1]) - 1)
        except _UNREADABLE as error:
            raise TraceFormatError(f"cannot read {path}: {error}") from None
        count = len(columns["x_k"][1]) - 1
        return [_with_metadata(
            checked_sample({k: v[o[i]:o[i + 1]] for k, (v, o) in columns.items()},
                            f"{path} sample {i}", vocab_size),
            {k: values[i] for k, values in table.items()}, metadata) for i in range(count)]
    if path.name.endswith(".pkl.gz"):
        records = _official_container(path)
        return [_with_metadata(checked_sample(record, f"{path} sample {i}", vocab_size),
                               _plain_metadata(record.get("solver_metadata")
                                               or record.get("metadata")), metadata)
                for i, record in enumerate(records)]
    raise TraceFormatError(f"cannot tell the format of {path}: use a .npz, .jsonl or .pkl.gz "
                           "suffix")


def _with_metadata(sample, record, wanted):
    if wanted:
        sample["solver_metadata"] = dict(record) if isinstance(record, dict) else {}
    return sample


def _plain_metadata(record):
    if not isinstance(record, dict):
        return {}
    return {k: v.item() if hasattr(v, "item") else v for k, v in record.items()}


_SAFE_GLOBALS = {
    ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"), ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"), ("collections", "OrderedDict"),
    ("_codecs", "encode"),  # how protocol 2 pickles an array's bytes
}  # what numpy arrays and scalars pickle to (protocols 2 to 5, numpy 1 and 2)


class _ArraysOnly(pickle.Unpickler):
    """An unpickler that builds numpy arrays, scalars and plain values, and nothing else."""

    def find_class(self, module, name):
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        raise TraceFormatError(f"the pickle refers to {module}.{name}; only numpy arrays, "
                               "lists, dicts and numbers are read from a .pkl.gz file")


def _official_container(path):
    try:
        with gzip.open(path, "rb") as handle:
            data = _ArraysOnly(handle).load()
    except (OSError, EOFError, pickle.UnpicklingError) as error:
        raise TraceFormatError(f"{path}: not a gzip'd pickle of samples ({error})") from None
    records = data["samples"] if isinstance(data, dict) and "samples" in data else data
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise TraceFormatError(f"{path}: expected a list of sample dicts (or a dict with "
                               "'samples')")
    return records


def checked_sample(record, where, vocab_size=None):
    """Return ``record``'s six fields as int32 arrays, checked as :func:`load_samples` does.

    ``where`` names the record in messages.

    Raises
    ------
    TraceFormatError
        For a missing field, a field that is not a 1-D list of integers, an id out of
        range, a label other than 0/1, or label lengths that differ from ``x_k``'s.
    """
    missing = [key for key in FIELDS if key not in record]
    if missing:
        raise TraceFormatError(f"{where}: missing fields {missing}; expected {list(FIELDS)}")
    sample = {}
    for key in FIELDS:
        try:
            values = np.asarray(record[key])
        except (ValueError, TypeError):
            raise TraceFormatError(f"{where}: {key} is not a list of integers") from None
        if values.ndim != 1 or (values.size and (values.dtype == np.bool_ or not
                                                 np.issubdtype(values.dtype, np.integer))):
            raise TraceFormatError(f"{where}: {key} must be a 1-D list of integers, got "
                                   f"{values.dtype} of shape {values.shape}")
        label = key in ("r_star", "e_star", "c_star")
        high = 1 if label else (vocab_size - 1 if vocab_size else np.iinfo(np.int32).max)
        if values.size and (values.min() < 0 or values.max() > high):
            bad = int(values.min() if values.min() < 0 else values.max())
            what = "a 0/1 label" if label else "a token id of the vocabulary"
            raise TraceFormatError(f"{where}: {key} holds {bad}, which is not {what}")
        sample[key] = values.astype(np.int32)
    for key in _LABEL_FIELDS:
        if sample[key].shape != sample["x_k"].shape:
            raise TraceFormatError(f"{where}: {key} has length {sample[key].size}, "
                                   f"x_k has {sample['x_k'].size}")
    return sample


@dataclass(frozen=True)
class ReplayReport:
    """Result of :func:`replay`: ``ok`` and, if not, the first sample that differs."""

    ok: bool
    checked: int
    first_mismatch: int | None = None
    message: str = ""
    first_position: int | None = None


_WINDOW = 8  # tokens shown on each side of the first difference


def replay(samples, mask_id):
    """Check ``g(x_k, labels) == x_k_plus_1`` for every sample, in order.

    Returns
    -------
    ReplayReport
        ``first_mismatch`` is the index of the first sample that differs,
        ``first_position`` the first position where the replayed and the recorded
        sequence differ, and ``message`` shows both around that position.

    Examples
    --------
    >>> x = np.array([0, 2, 3], np.int32)
    >>> sample = dict(x_k=x, y_star=np.array([0, 4, 3]), r_star=np.zeros(3, int),
    ...               e_star=np.zeros(3, int), c_star=np.zeros(3, int),
    ...               x_k_plus_1=np.array([0, 5, 3]))
    >>> report = replay([sample], mask_id=2)
    >>> report.first_mismatch, report.first_position
    (0, 1)
    >>> report.message.split(": ")[1]
    'g(x_k, labels)[0:3] = [0, 4, 3] but x_k_plus_1[0:3] = [0, 5, 3] (lengths 3 and 3)'
    """
    for index, sample in enumerate(samples):
        ctrl = np.stack([sample["r_star"], sample["e_star"], sample["c_star"]], axis=1)
        try:
            replayed = apply_g(sample["x_k"], sample["y_star"], ctrl, mask_id)
        except GenpowerError as error:
            return ReplayReport(False, index + 1, index, f"step {index}: {error}")
        expected = np.asarray(sample["x_k_plus_1"])
        if not np.array_equal(replayed, expected):
            common = min(len(replayed), len(expected))
            differ = np.flatnonzero(replayed[:common] != expected[:common])
            position = int(differ[0]) if differ.size else common
            lo, hi = max(0, position - _WINDOW), position + _WINDOW + 1
            return ReplayReport(
                False, index + 1, index,
                f"step {index}, first difference at position {position}: g(x_k, labels)"
                f"[{lo}:{min(hi, len(replayed))}] = {replayed[lo:hi].tolist()} but x_k_plus_1"
                f"[{lo}:{min(hi, len(expected))}] = {expected[lo:hi].tolist()} "
                f"(lengths {len(replayed)} and {len(expected)})", position)
    return ReplayReport(True, len(samples))
