"""ARM universality (U-lag): a Turing machine run through a lag system on a sliding-window ARM
whose policy is given only its last W tokens, and the control one token short."""

from proofs.measurements import Measurement

__all__ = ["MEASUREMENTS", "MACHINE"]

MACHINE = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
"""The five-state busy beaver champion (bbchallenge notation): it runs 47,176,870 steps,
so every size n here stops it after exactly n steps, with a tape that keeps growing."""


def _windowed(short):
    """Row at n TM steps: W is the window a full-view run of the construction needs
    (``window_needed``); the measured run's policy is given only the last W tokens (one
    fewer for the control), and must reproduce the TM run exactly."""

    def function(n, seed):
        from proofs.constructions.tm_to_arm import run_tm_via_lag
        from simulators.tm import run_tm
        window = run_tm_via_lag(MACHINE, max_steps=n).window_needed - short
        via = run_tm_via_lag(MACHINE, max_steps=n, window=window)
        reference = run_tm(MACHINE, max_steps=n)
        tape = "".join(str(int(c)) for c in reference.tape)
        same = (via.halted == reference.halted and via.steps == reference.steps
                and via.tape == tape and via.final_state == reference.final_state
                and via.stopped_by != "max_context")   # not cut short by its window
        return {"n": n, "x": reference.steps, "value": via.arm_steps, "correct": bool(same),
                "window": window,
                "why": f"with a window of {window} tokens the ARM stopped after {via.steps} "
                       f"of {reference.steps} TM steps ({via.stopped_by})"}

    return function


MEASUREMENTS = {
    "U-lag": Measurement(_windowed(0), (10, 20, 40, 80, 160, 320), (10, 20, 40, 80)),
    "NEG-ulag-window-short": Measurement(_windowed(1), (10, 20, 40, 80), (10, 20, 40)),
}
