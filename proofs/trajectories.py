"""Training samples in the official AP-MDM format, as the official generators write them, task by task.

Each sample has the six official fields (``x_k, y_star, r_star, e_star, c_star,
x_k_plus_1``) and ``solver_metadata`` with the official generator's keys in its order,
then this package's ``mask_id`` (and, for parity, ``instance_id``):

- **Sudoku** (``dataset/sudoku/sudoku_generator.py``): ``sample_id`` (from 1 in each
  puzzle), ``instance_id``, ``sequence_length``, ``branch_id``, ``operation``,
  ``gdlm_operation``. The transitions come from the stateful writer
  :mod:`proofs.oracles.sudoku_writer`, which follows the official colour bookkeeping
  (colours reused past depth 15; the colour quirk after a skull→branch).
- **Max-flow** (``dataset/max_flow/maxflow_solver.py``): ``operation``, ``x_k_length``,
  ``x_k_plus_1_length``, ``instance_id``, ``step_id``, ``sample_id`` (numbered across the
  dataset from 1, as the official dataset builder renumbers), ``algorithm_phase``,
  ``max_flow_value``. Only the positions a step lists have labels, so a mask the step
  leaves alone (an edge slot meaning "direction unavailable") has ``y_star = [MASK]``
  and ``r_star = 0``, as in the official data.
- **Parity** (``dataset/parity/parity_generator.py``): ``operation``, ``sample_id`` (from
  0 across the file), ``x_k_length``, ``x_k_plus_1_length``, ``algorithm``. Layout
  ``official`` writes the official 3-token windows ``[BOS] a b`` of each step (each is
  one of the official 7 samples, with its official ``debug_info`` (the token names); the
  lone ``[BOS] 0`` steps, which the official data lacks, are left out and reported); layout ``whole`` (this package's extension) writes
  whole sequences, naming the lone-0 steps ``eliminate_lone_0`` / ``delete_lone_mask``.

The official code is cl-1-koi/AP-MDM at commit 822a2fd; tests/data/official holds samples
its generators wrote, and the tests compare sample for sample.
"""

import itertools

import numpy as np

from proofs.oracles import maxflow as maxflow_oracle
from proofs.oracles import parity as parity_oracle
from proofs.oracles import sudoku as sudoku_oracle
from proofs.oracles import sudoku_writer
from simulators.errors import InvalidArgumentError
from simulators.machines import APMDM
from simulators.run import run
from simulators.trace import step_sample
from theory.families import maxflow as maxflow_family
from theory.families import parity as parity_family
from theory.families import sudoku as sudoku_family

__all__ = ["TASKS", "LAYOUTS", "sudoku_samples", "parity_samples", "maxflow_samples",
           "generate_samples"]

TASKS = ("sudoku", "parity", "maxflow")
"""The tasks whose trajectories export."""

LAYOUTS = ("whole", "official")
"""Parity layouts: whole sequences (this package's extension) or the official 3-token windows."""


def sudoku_samples(puzzle, encoding="official", instance_id=0):
    """Yield the samples of the official generator on ``puzzle``, each with its ``solver_metadata``.

    The transitions come from :func:`proofs.oracles.sudoku_writer.transitions` (the
    official solver's search with its colour bookkeeping, so searches past depth 15 and
    skull→branch cases equal the official samples) and each successor is made by the
    AP-MDM rule g.

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


def _window(sample):
    """The sample restricted to its first 3 positions (the rest is unchanged and unlabelled)."""
    keep = min(3, len(sample["x_k"]))
    rest = len(sample["x_k"]) - keep
    window = {key: sample[key][:keep] for key in ("x_k", "y_star", "r_star", "e_star", "c_star")}
    window["x_k_plus_1"] = sample["x_k_plus_1"][:len(sample["x_k_plus_1"]) - rest]
    return window


def parity_samples(bits, instance_id=0, layout="whole", first_id=0, on_extension=None):
    """Yield the elimination samples of ``bits`` (AP-MDM, the official parity ids 0-4).

    ``layout="whole"`` yields whole sequences; ``"official"`` yields each step's 3-token
    window, each one of the official 7 samples, and leaves out the lone-``[BOS] 0``
    steps (``on_extension(instance_id, operation)`` is called for each). ``sample_id``
    counts from ``first_id``.

    Raises
    ------
    InvalidArgumentError
        For a layout that is neither "whole" nor "official".
    """
    if layout not in LAYOUTS:
        raise InvalidArgumentError(f"layout={layout!r}: choose one of {', '.join(LAYOUTS)}")
    vocab = parity_oracle.VOCAB
    result = run(APMDM(vocab), parity_oracle.elimination_policy,
                 parity_oracle.apmdm_prompt(bits), record=True, max_steps=2 * len(bits) + 2)
    sample_id = first_id
    for sample in result.trace.iter_samples():
        operation, official = parity_oracle.transition_name(sample["x_k"], sample["x_k_plus_1"])
        if layout == "official":
            if not official:
                if on_extension is not None:
                    on_extension(instance_id, operation)
                continue
            sample = _window(sample)
            sample["debug_info"] = {f"{key}_str": vocab.decode(sample[key])
                                    for key in ("x_k", "x_k_plus_1", "y_star")}
        sample["solver_metadata"] = {
            "operation": operation, "sample_id": sample_id,
            "x_k_length": len(sample["x_k"]), "x_k_plus_1_length": len(sample["x_k_plus_1"]),
            "algorithm": "parity_elimination", "instance_id": instance_id,
            "mask_id": vocab.mask_id}
        sample_id += 1
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


def maxflow_samples(instance, instance_id=0, first_id=1):
    """Yield the samples of the official max-flow process on ``instance`` (a FlowInstance).

    ``solver_metadata`` holds the official fields: ``operation`` (INIT_SLOT1_E, ...),
    ``x_k_length``, ``x_k_plus_1_length``, ``instance_id``, ``step_id`` (from 1),
    ``sample_id`` (from ``first_id``), ``algorithm_phase`` and ``max_flow_value`` (the
    number of augmentations), plus ``mask_id``. ``algorithm_phase`` is always ``INIT``, as
    in the official data: the official generator writes the phase of the state before
    the step, and only its last step (APPEND_EOS_Y) changes a phase, of the state after.

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
            "step_id": index + 1, "sample_id": first_id + index,
            "algorithm_phase": "INIT", "max_flow_value": flow,
            "mask_id": maxflow_oracle.VOCAB.mask_id}
        yield sample
        x_k = x_next


def generate_samples(task, count, size, seed, *, givens=None, encoding="official", edges=None,
                     official=False, ranges=None, puzzles=None, layout="whole", on_skip=None,
                     on_left_out=None):
    """Yield ``(instance_index, sample)`` for ``count`` instances of ``task``: a dataset.

    Instance i is generated from seed ``seed + i`` (as the official loaders do), or is
    ``puzzles[i]`` (Sudoku grids read from a file; ``count`` is then ignored).
    ``edges`` is the number of edges of a max-flow graph (default: the family's).
    ``official`` (max-flow only) is the official dataset builder: graph i is the
    official loader's graph for seed ``seed + i`` with ``ranges`` (the loader's
    min/max nodes, edges, flow; :data:`theory.families.maxflow.OFFICIAL_RANGES` by
    default), a graph whose max flow is below min_flow is dropped, and ``sample_id``
    runs across the dataset. ``layout`` is parity's (:data:`LAYOUTS`).

    ``on_skip(index, reason)`` is called for each instance left out: a max-flow graph
    below min_flow, a Sudoku puzzle without a solution (the official generators write
    nothing for either); ``on_left_out(index, operation)`` for each parity step the
    official layout leaves out (the lone ``[BOS] 0`` case).

    The first instance is generated before this returns, so a bad size or option is
    refused before anything (a file, say) is written.

    Raises
    ------
    InvalidArgumentError
        For a task that does not export, or an option for another task.
    FamilyInputError
        For a size or option the family refuses.
    """
    if task not in TASKS:
        raise InvalidArgumentError(f"no trajectories for task {task!r}; choose one of "
                                   f"{', '.join(TASKS)}")
    if official and task != "maxflow":
        raise InvalidArgumentError(f"official graphs are for maxflow, not {task}")
    if puzzles is not None and task != "sudoku":
        raise InvalidArgumentError(f"puzzles from a file are for sudoku, not {task}")
    if layout not in LAYOUTS or (layout != "whole" and task != "parity"):
        raise InvalidArgumentError(f"layout={layout!r} is for parity (whole or official)")
    skip = on_skip if on_skip is not None else (lambda index, reason: None)
    if official:
        ranges = dict(maxflow_family.OFFICIAL_RANGES, **(ranges or {}))
        graphs = maxflow_family.official_dataset(count, seed, **ranges)
        return _official_maxflow(graphs, ranges["min_flow"], skip)
    check = puzzles is not None       # generated puzzles have a solution by construction
    if puzzles is not None:
        instances = iter(puzzles)
    else:
        instances = (_instance(task, size, seed + i, givens, edges) for i in range(count))
    first = next(instances, None)
    if task == "maxflow" and first is not None:
        maxflow_oracle.prompt(first)  # refuse node ids outside the vocabulary now
    if first is not None:
        instances = itertools.chain([first], instances)
    return _samples(task, instances, encoding, layout, skip, on_left_out, check)


def _instance(task, size, seed, givens, edges):
    if task == "sudoku":
        return sudoku_family.generate(size, seed, givens=givens)
    if task == "maxflow":
        return maxflow_family.generate(size, seed, edges=edges)
    return parity_family.generate(size, seed)


def _official_maxflow(graphs, min_flow, skip):
    next_id = 1
    for index, instance, flow in graphs:
        if flow < min_flow:
            skip(index, f"max flow {flow} is below min_flow {min_flow} (the official dataset "
                 "builder drops it)")
            continue
        for sample in maxflow_samples(instance, index, next_id):
            yield index, sample
        next_id = sample["solver_metadata"]["sample_id"] + 1


def _samples(task, instances, encoding, layout, skip, on_left_out, check):
    next_id = {"parity": 0, "maxflow": 1}.get(task)
    for index, instance in enumerate(instances):
        if task == "sudoku":
            if check and sudoku_family.solve(instance) is None:
                skip(index, "the puzzle has no solution (the official generator writes no "
                     "samples for it)")
                continue
            samples = sudoku_samples(instance, encoding, instance_id=index)
        elif task == "maxflow":
            samples = maxflow_samples(instance, index, next_id)
        else:
            samples = parity_samples(instance, index, layout, next_id, on_left_out)
        for sample in samples:
            yield index, sample
            if next_id is not None:
                next_id = sample["solver_metadata"]["sample_id"] + 1
