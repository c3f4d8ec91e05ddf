"""Exception tree for genpower: every front door raises one of these, never a bare error."""

__all__ = [
    "GenpowerError",
    "InvalidArgumentError",
    "StepError",
    "UnknownTokenError",
    "MaskEmittedError",
    "IllegalWriteError",
    "LeftmostMaskError",
    "StepShapeError",
    "HiddenStateError",
    "LimitReachedError",
    "ContextLimitError",
    "StepLimitError",
    "MalformedMachineError",
    "MissingRuleError",
    "MemoryConflictError",
    "InputFormatError",
    "MemoryBudgetError",
    "TraceFormatError",
]


class GenpowerError(Exception):
    """Base class of every error genpower raises on purpose."""


class InvalidArgumentError(GenpowerError, ValueError):
    """An argument of a public function has the wrong type or value (say, ``max_steps=0``)."""


class StepError(GenpowerError):
    """An error that happened at a given step and position of a generation run.

    Attributes
    ----------
    step : int or None
        Index of the decoding step (0-based) at which the policy's output was rejected.
    position : int or None
        Position in the sequence that the rejected output refers to.
    partial : object or None
        The run up to the rejected step (a :class:`simulators.run.RunResult` with
        ``stopped_by='error'``) when the error comes from a run.
    """

    def __init__(self, message, *, step=None, position=None, partial=None):
        super().__init__(message)
        self.step = step
        self.position = position
        self.partial = partial


class UnknownTokenError(StepError, ValueError):
    """A sequence or a policy's output holds an id that the vocabulary does not define."""


class MaskEmittedError(StepError, ValueError):
    """A policy emitted MASK where a real token is required (an unmask, an ARM append)."""


class IllegalWriteError(StepError, ValueError):
    """A policy wrote where its machine may not: an MDM rewriting a decoded cell, say."""


class LeftmostMaskError(IllegalWriteError):
    """A Masked-ARM policy unmasked something other than exactly the leftmost mask."""


class StepShapeError(StepError, ValueError):
    """A policy's output has the wrong shape: y/ctrl of the wrong length, positions out of
    range, negative or not increasing, an MDM step that unmasks nothing, an ARM step with
    no token, or control bits that are not exactly 0/1 (floats are refused)."""


class HiddenStateError(StepError, RuntimeError):
    """A policy answered differently when asked again about a state it had already seen,
    so its output depends on something other than the current sequence."""


class LimitReachedError(GenpowerError, RuntimeError):
    """A run hit a limit (``max_steps``, ``max_context``) before it halted.

    Attributes
    ----------
    partial : object
        The run's result up to the limit (a :class:`simulators.run.RunResult` for
        generation machines).
    """

    def __init__(self, message, *, partial=None):
        super().__init__(message)
        self.partial = partial


class ContextLimitError(LimitReachedError):
    """A step would have made the sequence longer than ``max_context``."""


class StepLimitError(LimitReachedError):
    """The run took ``max_steps`` steps without halting."""


class MalformedMachineError(GenpowerError, ValueError):
    """A machine description (TM string, tag rules, PRAM program) cannot be parsed or is
    inconsistent."""


class MissingRuleError(GenpowerError, KeyError):
    """A classical machine reached a configuration for which it has no rule and that it
    does not declare as halting.

    Attributes
    ----------
    word : object
        The symbol or window that has no rule.
    step : int or None
        The step at which it was needed.
    partial : object
        The run's result up to that step.
    """

    def __init__(self, message, *, word=None, step=None, partial=None):
        super().__init__(message)
        self.word, self.step, self.partial = word, step, partial

    def __str__(self):  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class MemoryConflictError(GenpowerError, RuntimeError):
    """A PRAM step read or wrote a cell in a way its access mode forbids (say, two
    processors writing one cell under EREW).

    Attributes
    ----------
    step : int or None
        The parallel step.
    address : int or None
        The memory cell.
    processors : tuple of int
        The processors whose accesses clash.
    """

    def __init__(self, message, *, step=None, address=None, processors=()):
        super().__init__(message)
        self.step, self.address, self.processors = step, address, processors


class InputFormatError(GenpowerError, ValueError):
    """An input file or string does not have the expected format."""


class TraceFormatError(GenpowerError, ValueError):
    """A trace file is not in the AP-MDM sample format (fields
    ``x_k, y_star, r_star, e_star, c_star, x_k_plus_1``)."""


class MemoryBudgetError(GenpowerError, MemoryError):
    """A run would need more memory than its budget; refused before anything is allocated."""
