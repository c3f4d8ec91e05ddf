"""Replay a trajectory file: every step through g, every instance run to its end, every step the named process's.

Three checks, each reported with the instance and the sample (its position in the file):

- **lawful**: ``g(x_k, labels) == x_k_plus_1`` for every sample
  (:func:`simulators.trace.replay`);
- **complete**: each instance starts at the process's first state and its last sample
  reaches the process's final state (a solved board, a finished parity, a max-flow
  ``[EOS]``), with no sample missing between (the states chain, and Sudoku's
  ``sample_id`` and max-flow's ``step_id`` count 1, 2, ... in each instance: a Sudoku
  run that lost its first assigns would otherwise look like a run from a puzzle with
  more givens);
- **the named process**: when the file's operation names tell the process (Sudoku,
  max-flow, parity), each instance is generated again from its first state and every
  sample must equal the process's (a lawful step that is not the MRV choice, say, is
  *foreign*). Sudoku is compared with both encodings (official, extended) and must
  follow one of them to the end.

Samples are grouped by ``instance_id`` when the metadata has one, else into chains (a
sample whose ``x_k`` is not the previous ``x_k_plus_1`` starts a new group). Parity
files in the official layout (3-token windows) have no whole runs: each window must be
one of the official 7 transitions, and completeness does not apply.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from proofs import trajectories
from proofs.oracles import maxflow as maxflow_oracle
from proofs.oracles import parity as parity_oracle
from proofs.oracles import sudoku as sudoku_oracle
from proofs.oracles import sudoku_writer
from simulators.errors import GenpowerError, TraceFormatError
from simulators.trace import FIELDS, ReplayReport, load_samples, replay
from simulators.update import apply_g
from theory.errors import FamilyInputError
from theory.families import maxflow as maxflow_family

__all__ = ["FileReport", "replay_file", "task_of"]

_SUDOKU_NAMES = {name for pair in sudoku_writer.NAMES.values() for name, _ in pair}
_PARITY_NAMES = (set(parity_oracle.OFFICIAL_TRANSITIONS.values())
                 | set(parity_oracle.EXTENSION_TRANSITIONS.values()))
_MASK_IDS = {"sudoku": sudoku_oracle.MASK, "maxflow": maxflow_oracle.MASK,
             "parity": parity_oracle.MASK}


@dataclass(frozen=True)
class FileReport:
    """What :func:`replay_file` found.

    Attributes
    ----------
    replay : ReplayReport
        The step-by-step replay through g.
    position : int or None
        First position where the first bad sample's replay differs.
    task : str or None
        The process the operation names tell (None: unknown, only g is checked).
    instances : int
        Number of instances (groups) in the file.
    incomplete : tuple of str
        One line per instance that does not run from the first to the final state.
    foreign : tuple of str
        One line per instance with a lawful step that is not the process's.
    """

    replay: ReplayReport
    position: int | None
    task: str | None
    instances: int
    incomplete: tuple = ()
    foreign: tuple = ()

    @property
    def ok(self):
        """True when every sample replays and nothing is incomplete or foreign."""
        return self.replay.ok and not self.incomplete and not self.foreign


def task_of(samples):
    """The process whose operation names the samples carry: "sudoku", "maxflow", "parity" or None."""
    names = {s.get("solver_metadata", {}).get("operation") for s in samples}
    names.discard(None)
    if not names:
        return None
    for task, known in (("sudoku", _SUDOKU_NAMES), ("maxflow", set(maxflow_oracle.OPERATIONS)),
                        ("parity", _PARITY_NAMES)):
        if names <= known:
            return task
    return None


def replay_file(path, mask_id=None, *, check_process=True):
    """Replay every sample of a trajectory file and check that each instance is whole.

    Parameters
    ----------
    path : str or pathlib.Path
        A .jsonl, .npz or .pkl.gz file.
    mask_id : int or None
        The mask id; by default read from the file, or the named process's.
    check_process : bool
        Also check completeness and that every step is the named process's.

    Returns
    -------
    FileReport

    Raises
    ------
    TraceFormatError
        For an unreadable file, or when the mask id is neither given, in the file, nor
        the named process's.
    """
    path = Path(path)
    if not path.exists():
        raise TraceFormatError(f"cannot read {path}: no such file")
    samples = load_samples(path, metadata=True)
    task = task_of(samples)
    if mask_id is None:
        mask_id = next((s["solver_metadata"]["mask_id"] for s in samples
                        if "mask_id" in s["solver_metadata"]), _MASK_IDS.get(task))
    if mask_id is None:
        raise TraceFormatError(f"{path} does not say its mask id; pass --mask-id")
    report = replay(samples, mask_id)
    position = None if report.ok else _first_position(samples[report.first_mismatch], mask_id)
    groups = _groups(samples)
    if not (report.ok and check_process and task is not None):
        return FileReport(report, position, task, len(groups))
    incomplete, foreign = [], []
    for key, indices in groups:
        problem = _check_group(task, samples, indices, key)
        if problem is not None:
            (foreign if problem[0] == "foreign" else incomplete).append(problem[1])
    return FileReport(report, position, task, len(groups), tuple(incomplete), tuple(foreign))


def _first_position(bad, mask_id):
    ctrl = np.stack([bad["r_star"], bad["e_star"], bad["c_star"]], axis=1)
    try:
        replayed = apply_g(bad["x_k"], bad["y_star"], ctrl, mask_id)
    except GenpowerError:
        return None
    expected = bad["x_k_plus_1"]
    shared = min(len(replayed), len(expected))
    differ = np.flatnonzero(replayed[:shared] != expected[:shared])
    return int(differ[0]) if differ.size else shared


def _groups(samples):
    """``[(instance key, [file positions])]`` in file order."""
    groups, where = [], {}
    for index, sample in enumerate(samples):
        key = sample["solver_metadata"].get("instance_id")
        if key is None:
            chained = index and np.array_equal(sample["x_k"], samples[index - 1]["x_k_plus_1"])
            if not chained:
                groups.append((None, []))
            groups[-1][1].append(index)
            continue
        if key not in where:
            where[key] = len(groups)
            groups.append((key, []))
        groups[where[key]][1].append(index)
    return groups


def _name(key, indices):
    who = f"instance {key}" if key is not None else "the run"
    return f"{who} (samples {indices[0]}-{indices[-1]} of the file)"


def _check_group(task, samples, indices, key):
    """None if the group is whole and the process's, else ("incomplete"|"foreign", line)."""
    if task == "parity" and all(len(samples[i]["x_k"]) <= 3 for i in indices) and not _chains(
            samples, indices):
        return _check_windows(samples, indices, key)
    for before, after in zip(indices, indices[1:]):
        if not np.array_equal(samples[after]["x_k"], samples[before]["x_k_plus_1"]):
            return ("incomplete", f"{_name(key, indices)}: sample {after}'s x_k is not sample "
                    f"{before}'s x_k_plus_1 (a sample is missing between them)")
    counter = {"sudoku": "sample_id", "maxflow": "step_id"}.get(task)
    numbers = [samples[i]["solver_metadata"].get(counter) for i in indices]
    if counter is not None and None not in numbers and numbers != list(
            range(1, len(numbers) + 1)):
        step = next(k for k, n in enumerate(numbers, start=1) if n != k)
        return ("incomplete", f"{_name(key, indices)}: sample {indices[step - 1]} has {counter} "
                f"{numbers[step - 1]} where {step} belongs (samples of the run are missing)")
    first = samples[indices[0]]["x_k"]
    candidates = _expected(task, first)
    if candidates is None:
        return ("incomplete", f"{_name(key, indices)}: sample {indices[0]}'s x_k is not a "
                f"first state of the {task} process (the start of the run is missing)")
    return _follow(task, samples, indices, key, candidates)


def _chains(samples, indices):
    return all(np.array_equal(samples[b]["x_k"], samples[a]["x_k_plus_1"])
               for a, b in zip(indices, indices[1:]))


def _check_windows(samples, indices, key):
    for i in indices:
        pair = (tuple(int(t) for t in samples[i]["x_k"]),
                tuple(int(t) for t in samples[i]["x_k_plus_1"]))
        if pair not in parity_oracle.OFFICIAL_TRANSITIONS:
            return ("foreign", f"{_name(key, indices)}: sample {i} is a window outside the "
                    "official 7 parity transitions")
    return None


def _expected(task, first):
    """``{label: iterator of expected samples}`` for the run from ``first``; None if not a start."""
    first = np.asarray(first)
    if task == "sudoku":
        grid = _sudoku_puzzle(first)
        if grid is None:
            return None
        return {f"the {encoding} Sudoku process": trajectories.sudoku_samples(grid, encoding)
                for encoding in ("official", "extended")}
    if task == "maxflow":
        instance = _maxflow_instance(first)
        return None if instance is None else {
            "the official max-flow process": trajectories.maxflow_samples(instance)}
    if len(first) == 0 or first[0] != parity_oracle.BOS or not np.isin(
            first[1:], (parity_oracle.ZERO, parity_oracle.ONE)).all():
        return None
    return {"the parity elimination": trajectories.parity_samples(first[1:] - parity_oracle.ZERO)}


def _sudoku_puzzle(first):
    side = int(round((len(first) // 4) ** 0.5))
    if side not in (4, 9, 16) or len(first) != 4 * side * side:
        return None
    cells = first.reshape(-1, 4)
    if not ((cells[:, 1] == sudoku_oracle.WHITE).all() and (cells[:, 2] == sudoku_oracle.NORMAL).all()
            and (cells[:, 3] == sudoku_oracle.SEP).all()):
        return None
    grid = sudoku_oracle.decode(first)
    if grid is None or not np.array_equal(sudoku_oracle.encode(grid), first):
        return None
    return grid


def _maxflow_instance(first):
    names = maxflow_oracle.VOCAB.names
    try:
        words = [names[int(t)] for t in first]
        if words[:2] != ["PROMPT", "SRC"] or words[3] != "TGT" or words[5] != "GRAPH":
            return None
        cut = words.index("NODES")
        edges = [(int(words[i + 1]), int(words[i + 2])) for i in range(6, cut, 4)]
        nodes = [int(words[i + 1]) for i in range(cut + 1, len(words), 3)]
        instance = maxflow_family.FlowInstance(tuple(nodes), tuple(edges), int(words[2]),
                                               int(words[4]))
        return instance if np.array_equal(maxflow_oracle.prompt(instance), first) else None
    except (ValueError, IndexError, GenpowerError):
        return None


def _until_unsolved(samples):
    """The expected samples, ending quietly where the search finds no solution."""
    try:
        yield from samples
    except FamilyInputError:
        return


def _same(a, b):
    return all(np.array_equal(np.asarray(a[k]), np.asarray(b[k])) for k in FIELDS)


def _follow(task, samples, indices, key, candidates):
    """Compare the group with each candidate process; the first that it follows wins."""
    best = None
    for label, expected in candidates.items():
        expected = _until_unsolved(expected)
        for step, index in enumerate(indices):
            want = next(expected, None)
            if want is None:
                problem = ("foreign", f"{_name(key, indices)}: sample {index} comes after "
                           f"{label} has ended (at {step} samples)")
                break
            if not _same(samples[index], want):
                differ = np.flatnonzero(np.asarray(samples[index]["x_k_plus_1"])[
                    :len(want["x_k_plus_1"])] != want["x_k_plus_1"][
                    :len(samples[index]["x_k_plus_1"])])
                where = f", first difference at position {int(differ[0])}" if differ.size else ""
                problem = ("foreign", f"{_name(key, indices)}: sample {index} is lawful but not "
                           f"{label}'s step {step} (expected "
                           f"{want['solver_metadata']['operation']}{where})")
                break
        else:
            rest = sum(1 for _ in expected)
            if rest == 0:
                return None
            last = samples[indices[-1]]["solver_metadata"].get("operation", "?")
            problem = ("incomplete", f"{_name(key, indices)}: the trajectory stops after sample "
                       f"{indices[-1]} ({last}) before the final state; {label} goes on for "
                       f"{rest:,} more samples")
        if best is None or (best[0] == "foreign" and problem[0] == "incomplete"):
            best = problem
    return best
