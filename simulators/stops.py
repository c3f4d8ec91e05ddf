"""Why a run ended: the one vocabulary of ``stopped_by`` values shared by every engine."""

__all__ = ["STOP_REASONS", "LIMIT_REASONS", "check_stop_reason"]

STOP_REASONS = {
    "halted": "the machine or its policy stopped by its own rule (a halt state, a policy "
              "returning None, a word too short for a tag or lag rule, a halt symbol)",
    "max_steps": "the step limit was reached before the run halted",
    "max_context": "the next step would make the sequence (tape, word, context) longer "
                   "than the limit",
    "max_tape": "a Turing machine's head left the tape cells it may use",
    "missing_rule": "no rule applies to the current symbol or window, and the machine was "
                    "told to stop there",
    "no_masks": "an MDM canvas has no mask left to unmask",
    "fixed_point": "an AP-MDM step left the sequence unchanged",
    "eos": "an end-of-sequence token was written",
    "error": "a step was rejected (on the partial result an exception carries)",
    "interrupted": "the user pressed Ctrl-C; the result is the run so far",
}
"""Every ``stopped_by`` value, with its meaning."""

LIMIT_REASONS = frozenset({"max_steps", "max_context", "max_tape", "interrupted"})
"""Reasons that say the run was cut short, so its answer (if any) is not the machine's."""


def check_stop_reason(reason):
    """Return ``reason`` if it is one of ``STOP_REASONS``; an internal invariant otherwise.

    >>> check_stop_reason("halted")
    'halted'
    """
    assert reason in STOP_REASONS, f"unknown stop reason {reason!r}"
    return reason
