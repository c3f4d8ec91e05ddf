"""Planted faults: each breaks one process (or the checker) in process, by monkeypatching, and
the claims check must turn at least one verdict for it (``genpower check --self-test``).

A fault is realistic: a construction doing twice the steps it promises, a process
missing its MRV rule, a counter stopping early, a run given no window, a growth fitter
that sees no growth. :func:`run_self_test` checks the claims each fault touches once
honestly and once with the fault planted (nothing is edited on disk; every patch is
undone), and reports the claims whose verdict, or whose "as expected", changed.
"""

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Fault", "FaultReport", "FAULTS", "patched", "split_writes", "stutter",
           "run_self_test"]


@dataclass(frozen=True)
class Fault:
    """A planted fault: ``plant(patch)`` applies it with ``patch(owner, name, value)``;
    ``claims`` are the claim ids re-checked (``--quick`` sizes)."""

    name: str
    claims: tuple
    plant: Callable


@dataclass(frozen=True)
class FaultReport:
    """What a fault turned: ``(claim, before, after)`` for each claim whose state changed."""

    fault: Fault
    turned: list


@contextlib.contextmanager
def patched():
    """Yield ``patch(owner, name, value)`` (an attribute, or a key when ``owner`` is a dict);
    every patch is undone on exit."""
    undo = []

    def patch(owner, name, value):
        if isinstance(owner, dict):
            old = owner[name]
            owner[name] = value
            undo.append(lambda: owner.__setitem__(name, old))
        else:
            old = getattr(owner, name)
            setattr(owner, name, value)
            undo.append(lambda: setattr(owner, name, old))

    try:
        yield patch
    finally:
        for step in reversed(undo):
            step()


def split_writes(policy, mask):
    """Return an MDM policy that takes two steps for each of ``policy``'s that writes two
    or more cells: the last half of them first (the policies read their phase from the
    first cell of a step, still masked then), then the rest."""

    def split(x):
        out = policy(x)
        if out is None:
            return None
        positions, tokens = (np.asarray(part) for part in out[:2])
        open_ = np.asarray(x)[positions] == mask
        if len(positions) < 2 or not np.all(open_):
            return positions[open_], tokens[open_]
        return positions[len(positions) // 2:], tokens[len(positions) // 2:]

    return split


def stutter(policy, mask):
    """Return an AP-MDM policy taking two steps for each of ``policy``'s: its step plus an
    inserted mask at the end, then a step deleting that mask. Stateless: the trailing mask
    is in the sequence."""

    def twice(x):
        x = np.asarray(x)
        if len(x) > 1 and x[-1] == mask:
            ctrl = np.zeros((1, 3), dtype=np.uint8)
            ctrl[0, 2] = 1
            return np.array([len(x) - 1], np.int64), np.array([mask], np.int32), ctrl
        out = policy(x)
        if out is None:
            return None
        positions, tokens, ctrl = (np.array(part) for part in out)
        if len(positions) == 1 and len(tokens) == 0:   # a compiled policy's halt
            return out
        last = len(x) - 1
        if len(positions) and positions[-1] == last:
            ctrl[-1, 1] = 1
        else:
            positions = np.append(positions, last).astype(np.int64)
            tokens = np.append(tokens, x[last]).astype(np.int32)
            ctrl = np.vstack([ctrl, np.array([[0, 1, 0]], dtype=np.uint8)])
        return positions, tokens, ctrl

    return twice


def _process(patch, task_name, machine, change):
    from proofs.tasks import get_task
    task = get_task(task_name)
    process = task.processes[machine]
    patch(task.processes, machine, dataclasses.replace(process, policy=change(process.policy)))


def _t1_split(patch):
    from proofs.constructions import pram_to_mdm
    original = pram_to_mdm.pram_to_mdm

    def compiler(*args, **kwargs):
        compiled = original(*args, **kwargs)
        return dataclasses.replace(compiled, policy=split_writes(
            compiled.policy, compiled.machine.vocab.mask_id))

    patch(pram_to_mdm, "pram_to_mdm", compiler)


def _t4_keeps_masks(patch):
    from proofs.constructions import pram_to_apmdm

    def no_delete(policy):
        def keep(x):
            out = policy(x)
            if out is None:
                return None
            positions, tokens, ctrl = (np.array(part) for part in out)
            ctrl[:, 2] = 0
            return positions, tokens, ctrl
        return keep

    original = pram_to_apmdm.pram_to_apmdm

    def compiler(*args, **kwargs):
        compiled = original(*args, **kwargs)
        return dataclasses.replace(compiled, policy=no_delete(compiled.policy))

    patch(pram_to_apmdm, "pram_to_apmdm", compiler)


def _parity_slow(patch):
    from proofs.oracles.parity import VOCAB
    _process(patch, "parity", "apmdm", lambda policy: stutter(policy, VOCAB.mask_id))


def _parity_mdm_split(patch):
    from proofs.oracles.parity import VOCAB
    _process(patch, "parity", "mdm", lambda policy: split_writes(policy, VOCAB.mask_id))


def _sudoku_no_mrv(patch):
    from proofs.measurements.experiments import first_empty_policy
    _process(patch, "sudoku", "extended", lambda policy: first_empty_policy)


def _sudoku_miscount(patch):
    from proofs.oracles import sudoku
    original = sudoku.operation_counts

    def miscount(*args, **kwargs):
        counts, transitions = original(*args, **kwargs)
        return counts | {"assign": counts["assign"] + 1}, transitions

    patch(sudoku, "operation_counts", miscount)


def _counter_half(patch):
    from proofs.constructions import mdm_budget
    original = mdm_budget.counter

    def counter(context, machine="apmdm"):
        built, policy, prompt = original(context, machine)
        if machine != "apmdm":
            return built, policy, prompt
        top = original(1, "apmdm")[2][0]          # the counter's zero bit

        def stop_at_half(x):
            return None if x[0] != top and not np.any(x == built.vocab.mask_id) else policy(x)
        return built, stop_at_half, prompt

    patch(mdm_budget, "counter", counter)


def _dyck_two_options(patch):
    from proofs.oracles import dyck
    from simulators.jit import njit
    original, options = dyck.support_rows, dyck.option_count

    @njit
    def at_most_two(x):
        return min(options(x), 2)

    def rows(k, max_len, **kwargs):
        return original(k, max_len, count=at_most_two, **kwargs)

    patch(dyck, "support_rows", rows)


def _ulag_no_window(patch):
    from proofs.constructions import tm_to_arm
    original = tm_to_arm.run_tm_via_lag
    patch(tm_to_arm, "run_tm_via_lag",
          lambda tm, max_steps=10**9, window=None: original(tm, max_steps=max_steps))


def _maxflow_slow(patch):
    from proofs.oracles.maxflow import VOCAB
    _process(patch, "maxflow", "apmdm", lambda policy: stutter(policy, VOCAB.mask_id))


def _t3_four_token_entries(patch):
    """Entries ``(position, token, flag, flag)``: the construction's seams ``_entry`` and
    ``_entries`` (its docstring names the first a seam for negative controls) read and
    write the fourth token; everything else follows ``ENTRY_TOKENS``."""
    from proofs.constructions import mdm_to_masked_arm as module
    entry, entries = getattr(module, "_entry"), getattr(module, "_entries")

    def entry4(*args):
        return (*entry(*args), entry(*args)[-1])

    def entries4(x, vocab_size, canvas_length):
        log = np.asarray(x)[canvas_length:]
        log = log[:len(log) // 4 * 4].reshape(-1, 4)[:, :3].reshape(-1)
        with patched() as inner:
            inner(module, "ENTRY_TOKENS", 3)
            return entries(np.concatenate([np.asarray(x)[:canvas_length], log]), vocab_size,
                           canvas_length)

    patch(module, "ENTRY_TOKENS", 4)
    patch(module, "_entry", entry4)
    patch(module, "_entries", entries4)


def _fitter_sees_bound(patch):
    from theory import growth
    patch(growth, "ratio_slope", lambda *args, **kwargs: growth.SlopeFit(0.0, 0.0))


def _audit_off(patch):
    from simulators import run as run_module
    original = run_module.run

    def run(*args, **kwargs):
        kwargs["check_stateless"] = False
        return original(*args, **kwargs)

    patch(run_module, "run", run)


def _edits_arm_forgets(patch):
    from proofs.oracles import edits
    original = edits.edit_rows

    def rows(sizes, seed=0):
        return [row | {"arm_extra_context": row["apmdm_extra_context"]}
                for row in original(sizes, seed)]

    patch(edits, "edit_rows", rows)


def _tqbf_mdm_one_frame(patch):
    from proofs.oracles import qbf_search
    from proofs.tasks import get_task
    task = get_task("tqbf")
    process = task.processes["mdm"]

    def details(result, instance):
        fields = process.details(result, instance)
        return fields | {"context_used": fields["formula_tokens"]
                         + qbf_search.frame_size(len(instance))}

    patch(task.processes, "mdm", dataclasses.replace(process, details=details))


FAULTS = (
    Fault("T1's MDM takes two steps per PRAM step (the last half of its writes first)",
          ("T1", "T1-connectivity-steps"), _t1_split),
    Fault("T4's AP-MDM keeps its remasked cells (never deletes)", ("T4",), _t4_keeps_masks),
    Fault("parity elimination takes two AP-MDM steps per step (about 2.7n)",
          ("E-parity",), _parity_slow),
    Fault("the parity XOR tree takes two steps per level", ("T1-parity-steps",),
          _parity_mdm_split),
    Fault("Sudoku picks the first empty cell, not the MRV cell", ("E-sudoku",),
          _sudoku_no_mrv),
    Fault("the Sudoku oracle miscounts its assign operations by one", ("E-sudoku",),
          _sudoku_miscount),
    Fault("the AP-MDM counter stops at 2^(S-1)", ("T4-counter-steps",), _counter_half),
    Fault("the Dyck sampler keeps at most two options per step (misses words)", ("T5",),
          _dyck_two_options),
    Fault("U-lag's ARM runs without its window", ("NEG-ulag-window-short",), _ulag_no_window),
    Fault("max-flow takes two AP-MDM steps per step (an extra round each)",
          ("E-maxflow", "E-maxflow-bfs-rounds"),
          _maxflow_slow),
    Fault("T3's Masked-ARM writes 4-token log entries", ("T3",), _t3_four_token_entries),
    Fault("the growth fitter always returns the bound's own class",
          ("NEG-arm-parity-log-steps",), _fitter_sees_bound),
    Fault("the stateless audit is switched off", ("NEG-cheating-policy",), _audit_off),
    Fault("T6's ARM keeps no edit log (its context stays constant)", ("T6",),
          _edits_arm_forgets),
    Fault("the TQBF MDM's used context counts only its last frame",
          ("NEG-mdm-tqbf-one-frame",), _tqbf_mdm_one_frame),
)
"""The package's planted faults, each with the claims it must turn."""


def _state(result):
    kinds = f" ({', '.join(result.failures)})" if result.failures else ""
    return f"{result.verdict}{kinds}{'' if result.ok else ' NOT OK'}"


def run_self_test(faults=FAULTS, progress=None):
    """Plant each fault in turn and return a :class:`FaultReport` per fault.

    Parameters
    ----------
    faults : sequence of Fault
    progress : callable or None
        Called with each fault before it is planted.
    """
    from proofs.checker import check_claims
    ids = sorted({claim for fault in faults for claim in fault.claims})
    honest = {result.claim: _state(result) for result in check_claims(ids, quick=True)}
    reports = []
    for fault in faults:
        if progress:
            progress(fault)
        with patched() as patch:
            fault.plant(patch)
            try:
                results = check_claims(list(fault.claims), quick=True)
            except Exception as error:  # a crash is caught too, but say so
                results = None
                turned = [(", ".join(fault.claims), "checked",
                           f"the check crashed: {type(error).__name__}: {error}")]
        if results is not None:
            turned = [(r.claim, honest[r.claim], _state(r)) for r in results
                      if _state(r) != honest[r.claim]]
        reports.append(FaultReport(fault, turned))
    return reports
