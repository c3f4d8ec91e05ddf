"""Read a trajectory file this package writes (.jsonl, .npz, official .pkl.gz) as one Trajectory per instance.

The vocabulary comes from the file (an .npz saved with one), from ``task`` or from the
operation names in the sample metadata (Sudoku, max-flow and parity name theirs); the
mask id from the file, else from that vocabulary. A ``.pkl.gz`` file is what the official
loaders read: a gzipped pickle of ``{"samples": [...], ...}`` (or of the bare list), each
sample a dict of the six fields (uint8 arrays in the official data) and ``solver_metadata``
(or ``metadata``), read by :func:`simulators.trace.load_samples`, which unpickles only
numpy arrays and plain values.
"""

from pathlib import Path

import numpy as np

from genpower.show.trajectory import from_samples
from simulators.errors import InvalidArgumentError, TraceFormatError
from simulators.trace import load_samples

__all__ = ["SUFFIXES", "read_samples", "task_vocabulary", "split_instances", "load_trajectory"]

SUFFIXES = (".jsonl", ".npz", ".pkl.gz")
"""The file kinds :func:`load_trajectory` reads."""

_VOCAB_TASKS = ("sudoku", "sudoku-extended", "maxflow", "parity")


def _suffix(path):
    return ".pkl.gz" if path.name.endswith(".pkl.gz") else path.suffix


def read_samples(path):
    """Return ``(samples, vocab_names, mask_id)`` of a trajectory file.

    Each sample carries ``solver_metadata`` (possibly empty). ``vocab_names`` and
    ``mask_id`` are None when the file does not hold them.

    Raises
    ------
    TraceFormatError
        For a missing or malformed file, or a suffix other than those in :data:`SUFFIXES`.
    """
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise TraceFormatError(f"cannot read {path}: no such file")
    if suffix not in SUFFIXES:
        raise TraceFormatError(f"cannot tell the format of {path}: use a .jsonl, .npz or "
                               ".pkl.gz file")
    names = mask_id = None
    samples = load_samples(path, metadata=True)
    if suffix == ".npz":
        with np.load(path) as data:
            names = [str(n) for n in data["vocab"]] if "vocab" in data else None
            mask_id = int(data["mask_id"]) if "mask_id" in data else None
    if mask_id is None:
        ids = {s["solver_metadata"].get("mask_id") for s in samples} - {None}
        mask_id = int(ids.pop()) if len(ids) == 1 else None
    return samples, names, mask_id


def task_vocabulary(task):
    """Return the token names of ``task``'s trajectories: one of sudoku, sudoku-extended,
    maxflow, parity.

    Raises
    ------
    InvalidArgumentError
        For another name.
    """
    if task in ("sudoku", "sudoku-extended"):
        from proofs.oracles import sudoku

        return sudoku.vocabulary("extended" if task.endswith("extended") else "official").names
    if task == "maxflow":
        from proofs.oracles import maxflow

        return maxflow.VOCAB.names
    if task == "parity":
        from proofs.oracles import parity

        return parity.VOCAB.names
    raise InvalidArgumentError(f"no vocabulary for task {task!r}; choose one of "
                               f"{', '.join(_VOCAB_TASKS)}")


def _guess_task(samples, mask_id):
    """The task whose operation names (and ids) the samples carry, or None."""
    from proofs.oracles import maxflow, parity

    parity_names = set(parity.OFFICIAL_TRANSITIONS.values()) | set(
        parity.EXTENSION_TRANSITIONS.values())
    operations = {s["solver_metadata"].get("operation") for s in samples} - {None}
    largest = max(int(s["x_k"].max(initial=0)) for s in samples[:1000])
    if operations and operations <= set(maxflow.OPERATIONS):
        return "maxflow"
    sudoku_words = ("assign_", "branch_", "contradiction_", "backtrack_", "skull_to_")
    if operations and all(str(op).startswith(sudoku_words) for op in operations):
        return "sudoku" if largest < 39 else "sudoku-extended"
    if operations and operations <= parity_names and mask_id in (None, 2) and largest < 8:
        return "parity"
    return None


def split_instances(samples):
    """Split samples into runs: by ``instance_id`` when the metadata has one, else where a
    sample's ``x_k`` is not the previous ``x_k_plus_1``.

    Returns
    -------
    list of (label, list of dict)
    """
    runs = []
    for sample in samples:
        label = sample["solver_metadata"].get("instance_id")
        label = label.item() if isinstance(label, np.generic) else label  # official: np.uint32
        if runs:
            last_label, last = runs[-1]
            same = (label == last_label if label is not None else
                    np.array_equal(sample["x_k"], last[-1]["x_k_plus_1"]))
            if same:
                last.append(sample)
                continue
        runs.append((label if label is not None else len(runs), [sample]))
    return runs


def load_trajectory(path, instance=None, *, task=None):
    """Return the :class:`~genpower.show.trajectory.Trajectory` of one instance in a file.

    Parameters
    ----------
    path : str or pathlib.Path
    instance : int or None
        The instance id (as the metadata names it; without ids, the index of the run in
        the file). Default: the first.
    task : str or None
        Names the vocabulary (see :func:`task_vocabulary`) when the file does not.

    Raises
    ------
    TraceFormatError
        For an unreadable file, one that does not say its mask id (pass ``task``), or
        samples that do not replay.
    InvalidArgumentError
        For an instance the file does not hold, or an unknown task.
    """
    path = Path(path)
    samples, names, mask_id = read_samples(path)
    if not samples:
        raise TraceFormatError(f"{path} holds no samples")
    guessed = task or (None if names else _guess_task(samples, mask_id))
    if names is None and guessed is not None:
        names = task_vocabulary(guessed)
    if mask_id is None and names is not None and "[MASK]" in names:
        mask_id = list(names).index("[MASK]")
    if mask_id is None:
        raise TraceFormatError(f"{path} does not say its mask id or vocabulary; pass the task "
                               f"({', '.join(_VOCAB_TASKS)})")
    runs = split_instances(samples)
    labels = [label for label, _ in runs]
    if instance is None:
        label, chosen = runs[0]
    elif instance in labels:
        label, chosen = runs[labels.index(instance)]
    else:
        shown = ", ".join(str(x) for x in labels[:10]) + (" ..." if len(labels) > 10 else "")
        raise InvalidArgumentError(f"instance {instance} is not in {path}; it holds "
                                   f"{len(labels)} instance(s): {shown}")
    info = {"file": path.name, "instance": label, "instances in file": len(runs)}
    if guessed:
        info["task"] = guessed
    return from_samples(chosen, mask_id, names=names, title=f"{path.name} · instance {label}",
                        info=info, where=str(path))
