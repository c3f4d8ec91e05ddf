"""Training trajectories in the official AP-MDM sample format, with the solver's operation names.

Each sample has the six official fields (``x_k, y_star, r_star, e_star, c_star,
x_k_plus_1``, built by :mod:`simulators.trace` from a recorded run) and
``solver_metadata``: ``operation`` and ``gdlm_operation`` named as in the official
generators (``assign_remask``, ``backtrack_modified_unmask``, ...), ``instance_id``,
``sample_id`` and the ``mask_id`` a replay needs. Sudoku never leaves a mask
untouched, so the trace's convention for such masks (``r_star = 1``) never arises
there; parity's ``y_star`` equals ``x_k`` with its masks, as in the official data.
Max-flow samples carry the official labels exactly: only the positions a step lists have
labels, so a mask the step leaves alone (an edge slot meaning "direction unavailable")
has ``y_star = [MASK]`` and ``r_star = 0``, which g maps to a mask.
"""

import json
from pathlib import Path

import numpy as np

from proofs.oracles import maxflow as maxflow_oracle
from proofs.oracles import parity as parity_oracle
from proofs.oracles import sudoku as sudoku_oracle
from proofs.oracles import sudoku_writer
from simulators.errors import InvalidArgumentError, TraceFormatError
from simulators.machines import APMDM
from simulators.run import run
from simulators.trace import FIELDS, load_samples, replay, step_sample
from simulators.update import apply_g
from theory.families import maxflow as maxflow_family
from theory.families import parity as parity_family
from theory.families import sudoku as sudoku_family

__all__ = ["TASKS", "sudoku_samples", "parity_samples", "maxflow_samples", "generate_samples",
           "write_samples",
           "replay_file", "OFFICIAL_PARITY"]

TASKS = ("sudoku", "parity", "maxflow")
"""The tasks whose trajectories export."""

OFFICIAL_PARITY = (
    ("[BOS] 0 1", "[BOS] [MASK] 1"), ("[BOS] [MASK] 1", "[BOS] 1"),
    ("[BOS] 1 0", "[BOS] 1 [MASK]"), ("[BOS] 1 [MASK]", "[BOS] 1"),
    ("[BOS] 0 0", "[BOS] [MASK] [MASK]"), ("[BOS] 1 1", "[BOS] [MASK] [MASK]"),
    ("[BOS] [MASK] [MASK]", "[BOS]"),
)
"""The 7 transitions of the official parity data (PAPER.md §3.2), as token names."""


def sudoku_samples(puzzle, encoding="official", instance_id=0):
    """Yield the samples of the official generator on ``puzzle``, each with its ``solver_metadata``.

    The transitions come from :func:`proofs.oracles.sudoku_writer.transitions` (the
    official solver's search with its colour bookkeeping, so searches past depth 15 and
    skull→branch cases equal the official samples) and each successor is made by the
    AP-MDM rule g. ``solver_metadata`` holds the official fields in the official order,
    ``sample_id`` (from 1 in each puzzle), ``instance_id``, ``sequence_length``,
    ``branch_id``, ``operation``, ``gdlm_operation``, then ``mask_id``.

    Raises
    ------
    FamilyInputError
        After the last transition, when the search ends without a solution.
    """
    vocab = sudoku_oracle.vocabulary(encoding)
    mask_id = vocab.mask_id
    x_k = sudoku_oracle.encode(puzzle, encoding)
    length = len(x_k)
    for index, (operation, gdlm, branch_id, edit) in enumerate(
            sudoku_writer.transitions(puzzle, encoding), start=1):
        sample = step_sample(x_k, edit, mask_id)
        sample["solver_metadata"] = {"sample_id": index, "instance_id": instance_id,
                                     "sequence_length": length, "branch_id": branch_id,
                                     "operation": operation, "gdlm_operation": gdlm,
                                     "mask_id": mask_id}
        yield sample
        x_k = sample["x_k_plus_1"]


def _parity_operation(sample):
    if sample["c_star"].any():
        return "delete", "contraction"
    return "remask", "remask"


def parity_samples(bits, instance_id=0):
    """Yield the elimination samples of ``bits`` (AP-MDM, official parity ids)."""
    vocab = parity_oracle.VOCAB
    result = run(APMDM(vocab), parity_oracle.elimination_policy,
                 parity_oracle.apmdm_prompt(bits), record=True, max_steps=2 * len(bits) + 2)
    for index, sample in enumerate(result.trace.iter_samples()):
        operation, tag = _parity_operation(sample)
        sample["solver_metadata"] = {"sample_id": index + 1, "instance_id": instance_id,
                                     "operation": operation, "gdlm_operation": tag,
                                     "mask_id": vocab.mask_id}
        yield sample


def _listed_sample(x_k, edit, x_next):
    """An official-format sample whose labels are those of the positions ``edit`` lists."""
    positions, tokens, ctrl = edit
    y_star = x_k.copy()
    unmasks = (x_k[positions] == maxflow_oracle.MASK) & (ctrl[:, 0] == 0) & (ctrl[:, 2] == 0)
    y_star[positions[unmasks]] = tokens[unmasks]
    labels = np.zeros((len(x_k), 3), dtype=np.int32)
    labels[positions] = ctrl
    return {"x_k": x_k.astype(np.int32), "y_star": y_star.astype(np.int32),
            "r_star": labels[:, 0].copy(), "e_star": labels[:, 1].copy(),
            "c_star": labels[:, 2].copy(), "x_k_plus_1": x_next.astype(np.int32)}


def maxflow_samples(instance, instance_id=0):
    """Yield the samples of the official max-flow process on ``instance`` (a FlowInstance).

    ``solver_metadata`` holds the official fields: ``operation`` (INIT_SLOT1_E, ...),
    ``x_k_length``, ``x_k_plus_1_length``, ``instance_id``, ``step_id``, ``sample_id``
    and ``max_flow_value`` (the number of augmentations), plus ``mask_id``.

    Raises
    ------
    FamilyInputError
        For a node id the vocabulary does not hold.
    """
    initial = maxflow_oracle.prompt(instance)
    result = run(APMDM(maxflow_oracle.VOCAB), maxflow_oracle.policy, initial, record=True,
                 max_steps=maxflow_oracle.steps_bound(len(instance)), check_stateless=False)
    names = [maxflow_oracle.operation(state)
             for state, _ in zip(result.trace.iter_states(), result.trace.steps)]
    flow = names.count("AUG_FLIP_EDGES")
    states = result.trace.iter_states()
    x_k = next(states)
    for index, (edit, x_next) in enumerate(zip(result.trace.steps, states)):
        sample = _listed_sample(x_k, edit, x_next)
        sample["solver_metadata"] = {
            "operation": names[index], "x_k_length": len(x_k),
            "x_k_plus_1_length": len(x_next), "instance_id": instance_id,
            "step_id": index + 1, "sample_id": index + 1, "max_flow_value": flow,
            "mask_id": maxflow_oracle.VOCAB.mask_id}
        yield sample
        x_k = x_next


def generate_samples(task, count, size, seed, *, givens=None, encoding="official", edges=None,
                     official=False):
    """Yield ``(instance_index, sample)`` for ``count`` generated instances of ``task``.

    Instance i is generated from seed ``seed + i`` (as the official loaders do).
    ``edges`` is the number of edges of a max-flow graph (default: the family's).
    ``official`` (max-flow only) takes the official loader's graphs
    (:func:`theory.families.maxflow.official_graph`) instead; ``size`` and ``edges``
    are then not used.

    The first instance is generated before this returns, so a bad size or option is
    refused before anything (a file, say) is written.

    Raises
    ------
    InvalidArgumentError
        For a task that does not export, or official graphs for a task other than maxflow.
    FamilyInputError
        For a size or option the family refuses.
    """
    if task not in TASKS:
        raise InvalidArgumentError(f"no trajectories for task {task!r}; choose one of "
                                   f"{', '.join(TASKS)}")
    if official and task != "maxflow":
        raise InvalidArgumentError(f"official graphs are for maxflow, not {task}")

    def make(index):
        if official:
            return maxflow_family.official_graph(seed + index)
        return _instance(task, size, seed + index, givens, edges)

    first = make(0) if count else None
    if task == "maxflow" and first is not None:
        maxflow_oracle.prompt(first)  # refuse node ids outside the vocabulary now
    return _samples(task, count, make, encoding, first)


def _instance(task, size, seed, givens, edges):
    if task == "sudoku":
        return sudoku_family.generate(size, seed, givens=givens)
    if task == "maxflow":
        return maxflow_family.generate(size, seed, edges=edges)
    return parity_family.generate(size, seed)


def _samples(task, count, make, encoding, first):
    for index in range(count):
        instance = first if index == 0 else make(index)
        if task == "sudoku":
            samples = sudoku_samples(instance, encoding, instance_id=index)
        elif task == "maxflow":
            samples = maxflow_samples(instance, index)
        else:
            samples = parity_samples(instance, index)
        for sample in samples:
            yield index, sample


def _jsonable(sample):
    record = {key: np.asarray(sample[key]).tolist() for key in FIELDS}
    record["solver_metadata"] = sample["solver_metadata"]
    return record


def write_samples(samples, path, *, vocab_names=None, on_instance=None):
    """Write ``(instance_index, sample)`` pairs to ``path`` (.jsonl streamed, or .npz).

    ``on_instance(index)`` is called as each new instance starts (for a progress bar).
    Returns the number of samples written.

    Raises
    ------
    TraceFormatError
        If the suffix is neither .jsonl nor .npz.
    """
    path = Path(path)
    if path.suffix not in (".jsonl", ".npz"):
        raise TraceFormatError(f"cannot tell the format of {path}: use a .npz or .jsonl suffix")
    written = 0
    last = None
    columns = {key: [] for key in FIELDS}
    operations, instances, mask_id = [], [], None
    with (path.open("w") if path.suffix == ".jsonl" else _Nothing()) as handle:
        for index, sample in samples:
            if index != last and on_instance is not None:
                on_instance(index)
            last = index
            written += 1
            if handle is not None:
                handle.write(json.dumps(_jsonable(sample)) + "\n")
                continue
            for key in FIELDS:
                columns[key].append(np.asarray(sample[key], dtype=np.int32))
            operations.append(sample["solver_metadata"]["operation"])
            instances.append(index)
            mask_id = sample["solver_metadata"]["mask_id"]
    if path.suffix == ".npz":
        arrays = {}
        for key, parts in columns.items():
            arrays[key] = np.concatenate(parts) if parts else np.zeros(0, np.int32)
            arrays[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
        arrays["operation"] = np.array(operations, dtype=str)
        arrays["instance_id"] = np.array(instances, dtype=np.int64)
        if mask_id is not None:
            arrays["mask_id"] = np.array(mask_id)
        if vocab_names is not None:
            arrays["vocab"] = np.array(vocab_names)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
    return written


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _file_mask_id(path):
    if path.suffix == ".npz":
        with np.load(path) as data:
            return int(data["mask_id"]) if "mask_id" in data else None
    with path.open() as handle:
        for line in handle:
            if line.strip():
                try:
                    return json.loads(line).get("solver_metadata", {}).get("mask_id")
                except (json.JSONDecodeError, AttributeError):
                    return None
    return None


def replay_file(path, mask_id=None):
    """Replay every sample of a trajectory file through g.

    Returns
    -------
    (ReplayReport, int or None)
        The report, and the first position where the replayed sequence differs from
        ``x_k_plus_1`` (None when every sample agrees).

    Raises
    ------
    TraceFormatError
        For an unreadable file, or when the mask id is neither given nor in the file.
    """
    path = Path(path)
    if not path.exists():
        raise TraceFormatError(f"cannot read {path}: no such file")
    samples = load_samples(path)
    if mask_id is None:
        mask_id = _file_mask_id(path)
    if mask_id is None:
        raise TraceFormatError(f"{path} does not say its mask id; pass --mask-id")
    report = replay(samples, mask_id)
    if report.ok:
        return report, None
    bad = samples[report.first_mismatch]
    ctrl = np.stack([bad["r_star"], bad["e_star"], bad["c_star"]], axis=1)
    replayed = apply_g(bad["x_k"], bad["y_star"], ctrl, mask_id)
    expected = bad["x_k_plus_1"]
    shared = min(len(replayed), len(expected))
    differ = np.flatnonzero(replayed[:shared] != expected[:shared])
    return report, int(differ[0]) if differ.size else shared
