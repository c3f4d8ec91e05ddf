"""ARM universality as a chain: TM -> lag system -> sliding-window ARM, and the TM run read back.

``tm_to_arm(tm) = lag_to_arm(tm_to_lag(tm))``. :func:`run_tm_via_lag` runs that ARM and
recovers the TM's run from the ARM's sequence alone: pass i of the lag system (one TM
step) starts at production ``e_i`` with ``e_0 = 0`` and ``e_(i+1) = e_i + L(e_i)``, the
queue length the separators record; the configuration after N TM steps is the queue at
``e_N``. Costs: TM step t takes ``3 + w_t`` productions (``w_t`` cells visited) and
``L(e_t) + L(e_(t+1))`` ARM steps (one per symbol consumed, one per symbol written).
"""

from dataclasses import asdict, dataclass

import numpy as np

from proofs.constructions.lag_to_arm import lag_history, lag_to_arm, window_needed
from proofs.constructions.tm_to_lag import initial_word, read_tape, tm_to_lag
from simulators.run import run
from simulators.stops import STOP_REASONS
from simulators.tm import parse_tm
from simulators.validation import check_positive_int, memory_budget

__all__ = ["tm_to_arm", "run_tm_via_lag", "ViaLagResult", "resource_rows"]

_LENGTH_CAP = 100_000


def tm_to_arm(tm, max_length, window=None):
    """Compile a Turing machine into a sliding-window ARM: ``lag_to_arm(tm_to_lag(tm))``.

    Raises
    ------
    MalformedMachineError
        If ``tm`` does not parse or has too many states × symbols for a lag table.
    InvalidArgumentError
        If ``max_length`` or ``window`` is not a positive integer.
    """
    return lag_to_arm(tm_to_lag(tm), max_length, window)


@dataclass(frozen=True)
class ViaLagResult:
    """A TM run recovered from the ARM that simulated it.

    Attributes
    ----------
    halted : bool
    steps : int
        TM steps recovered (complete passes of the lag system).
    ones : int
    tape : str
        The visited cells, as digits.
    head_index : int
        Where the head is in ``tape`` (index 0 is the leftmost visited cell).
    final_state : str
    stopped_by : str
        ``halted``, ``missing_rule``, ``max_steps``, ``interrupted`` (Ctrl-C),
        ``max_tape`` (the queue outgrew the separators), or ``max_context``: the window
        was too short to reach the queue's front, or the ARM's step budget was cut down
        to fit the memory budget. On a limit the result is the last configuration fully
        seen.
    lag_productions : int
        Productions the lag system applied for these steps.
    arm_steps : int
        ARM steps taken for these steps.
    window : int or None
        The window the policy read (None: the whole sequence).
    window_needed : int
        The smallest window that run would have needed.
    peak_context : int
        Longest ARM sequence.
    """

    halted: bool
    steps: int
    ones: int
    tape: str
    head_index: int
    final_state: str
    stopped_by: str
    lag_productions: int
    arm_steps: int
    window: int | None
    window_needed: int
    peak_context: int

    def as_dict(self):
        """The result as a plain dict (for JSON)."""
        return asdict(self)


def run_tm_via_lag(tm, *, max_steps=10**9, window=None):
    """Run ``tm`` from a blank tape as a lag system on a sliding-window ARM; read the TM run back.

    Parameters
    ----------
    tm : str or TMProgram
    max_steps : int
        TM steps at most, as :func:`simulators.tm.run_tm` (the ARM's own budget follows:
        ``N**2 + 8N + 16`` ARM steps cover N TM steps).
    window : int, optional
        The ARM policy's window; default the whole sequence.

    Returns
    -------
    ViaLagResult

    Raises
    ------
    MalformedMachineError
        If ``tm`` does not parse or is too large for a lag table.
    InvalidArgumentError
        If ``max_steps`` or ``window`` is not a positive integer.

    Examples
    --------
    >>> result = run_tm_via_lag("1RB1LB_1LA1RZ", window=17)
    >>> result.halted, result.steps, result.ones, result.tape, result.lag_productions
    (True, 6, 4, '1111', 38)
    >>> result.window_needed, run_tm_via_lag("1RB1LB_1LA1RZ", window=16).stopped_by
    (17, 'max_context')
    """
    program = parse_tm(tm) if isinstance(tm, str) else tm
    max_steps = check_positive_int(max_steps, "max_steps")
    if window is not None:
        window = check_positive_int(window, "window")
    # N steps visit at most N + 1 cells; a pass holds up to 2 symbols more than its word
    max_length = window if window is not None else min(max_steps + 6, _LENGTH_CAP)
    system = tm_to_lag(program)
    compiled = lag_to_arm(system, max_length, window)
    alphabet = compiled.machine.vocab.names.index("[|0]")
    needed_budget = max_steps * max_steps + 8 * max_steps + 16
    budget = min(needed_budget, memory_budget() // 64)
    x0 = compiled.prompt(initial_word())
    result = run(compiled.machine, compiled.policy, x0, max_steps=budget)
    symbols, lengths, separators = lag_history(result.final, alphabet)
    productions = len(lengths) - 1
    starts = [0]
    while starts[-1] + lengths[starts[-1]] <= productions and len(starts) <= max_steps:
        starts.append(int(starts[-1] + lengths[starts[-1]]))
    complete = len(starts) - 1
    needed = window_needed(result.final, alphabet, len(x0))
    names = compiled.machine.vocab.names

    def configuration(at, mid_pass=False):
        return read_tape([names[i] for i in symbols[at:at + lengths[at]]], mid_pass)

    if window is not None and needed > window:  # the front left the window: cut short
        at = starts[min(complete, max_steps)]
        (tape, head, state), stopped_by = configuration(at), "max_context"
        steps, used, arm_steps = min(complete, max_steps), at, result.resources.steps
    elif complete >= max_steps and not (complete == max_steps and result.stopped_by == "halted"):
        at = starts[max_steps]
        (tape, head, state), stopped_by = configuration(at), "max_steps"
        steps, used = max_steps, at
        arm_steps = int(separators[at]) - (len(x0) - 1)
    elif result.stopped_by != "halted" or _has_rule(system, symbols[productions:productions + 3]):
        # the ARM stopped on a limit (or Ctrl-C), or the queue outgrew max_length: last whole pass
        at = starts[-1]
        (tape, head, state), steps, used = configuration(at), complete, productions
        stopped_by = _limit_reason(result.stopped_by, budget < needed_budget)
        arm_steps = result.resources.steps
    else:  # no rule for the window on the head: the TM halted or met an undefined transition
        tape, head, state = configuration(productions, mid_pass=productions > starts[-1])
        steps, used, arm_steps = complete, productions, result.resources.steps
        stopped_by = "halted" if ord(state) - ord("A") >= program.n_states else \
            "missing_rule"
    return ViaLagResult(
        halted=stopped_by == "halted", steps=steps, ones=sum(c != "0" for c in tape), tape=tape,
        head_index=head, final_state=state, stopped_by=stopped_by, lag_productions=used,
        arm_steps=arm_steps, window=window, window_needed=needed,
        peak_context=result.resources.peak_context)


def _limit_reason(arm_stop, budget_capped):
    """Why a run that stopped before its TM halted or used its steps ended, from the ARM's
    stop: a halted ARM with a rule left means the queue outgrew the separators
    (``max_tape``); an ARM budget cut down to fit memory is a context limit (an ARM
    step is one more token); a step limit, context limit or Ctrl-C is passed on."""
    if arm_stop == "halted":
        return "max_tape"
    if arm_stop == "max_steps" and budget_capped:
        return "max_context"
    assert arm_stop in STOP_REASONS, f"unknown stop reason {arm_stop!r}"
    return arm_stop


def _has_rule(system, window):
    if len(window) < system.m:
        return False
    code = 0
    for symbol in window:
        code = code * system.alphabet.size + int(symbol)
    return bool(system.has_rule[code])


def resource_rows(machines, max_steps=10**4, window=None):
    """One row per Turing machine: its run by :func:`simulators.tm.run_tm` and via lag and ARM.

    Each row: ``machine``; ``tm_steps``, ``tm_halted``, ``tm_ones``; the recovered
    ``steps``, ``halted``, ``ones``, ``same`` (same halting, steps, tape, head and state);
    ``lag_productions``, ``arm_steps``, ``window_needed``, ``peak_context``;
    ``productions_per_step`` and ``arm_steps_per_production``.
    """
    from simulators.tm import run_tm
    rows = []
    for spec in machines:
        reference = run_tm(spec, max_steps=max_steps)
        via = run_tm_via_lag(spec, max_steps=max_steps, window=window)
        tape = "".join(str(int(c)) for c in reference.tape)
        same = (via.halted == reference.halted and via.steps == reference.steps
                and via.tape == tape and via.head_index == reference.head - reference.tape_offset
                and via.final_state == reference.final_state)
        rows.append({
            "machine": str(spec), "tm_steps": reference.steps, "tm_halted": reference.halted,
            "tm_ones": reference.ones, "steps": via.steps, "halted": via.halted,
            "ones": via.ones, "same": bool(same), "lag_productions": via.lag_productions,
            "arm_steps": via.arm_steps, "window_needed": via.window_needed,
            "peak_context": via.peak_context,
            "productions_per_step": via.lag_productions / max(via.steps, 1),
            "arm_steps_per_production": via.arm_steps / max(via.lag_productions, 1)})
    return rows
