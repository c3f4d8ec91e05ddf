"""Why a run ended: the one vocabulary of ``stopped_by`` values shared by every engine."""

__all__ = ["HALTED", "MAX_STEPS", "MAX_CONTEXT", "MAX_TAPE", "MISSING_RULE", "NO_MASKS",
           "FIXED_POINT", "EOS", "ERROR", "INTERRUPTED", "STOP_REASONS", "LIMIT_REASONS"]

HALTED = "halted"
MAX_STEPS = "max_steps"
MAX_CONTEXT = "max_context"
MAX_TAPE = "max_tape"
MISSING_RULE = "missing_rule"
NO_MASKS = "no_masks"
FIXED_POINT = "fixed_point"
EOS = "eos"
ERROR = "error"
INTERRUPTED = "interrupted"

STOP_REASONS = {
    HALTED: "the machine or its policy stopped by its own rule (a halt state, a policy "
            "returning None, a word too short for a tag or lag rule, a halt symbol)",
    MAX_STEPS: "the step limit was reached before the run halted",
    MAX_CONTEXT: "the next step would make the sequence (tape, word, context) longer "
                 "than the limit",
    MAX_TAPE: "a Turing machine's head left the tape cells it may use",
    MISSING_RULE: "no rule applies to the current symbol or window, and the machine was "
                  "told to stop there",
    NO_MASKS: "an MDM canvas has no mask left to unmask",
    FIXED_POINT: "an AP-MDM step left the sequence unchanged",
    EOS: "an end-of-sequence token was written",
    ERROR: "a step was rejected (on the partial result an exception carries)",
    INTERRUPTED: "the user pressed Ctrl-C; the result is the run so far",
}
"""Every ``stopped_by`` value, with its meaning."""

LIMIT_REASONS = frozenset({MAX_STEPS, MAX_CONTEXT, MAX_TAPE, INTERRUPTED})
"""Reasons that say the run was cut short, so its answer (if any) is not the machine's."""
