"""The four generation machines as plain descriptions: which rule a step follows and when a run halts.

A machine holds its vocabulary and halting options; :func:`simulators.run.run` executes
it with a policy. The step rules themselves are in :mod:`simulators.step`.

- :class:`ARM`: each step appends exactly one non-mask token; earlier tokens never
  change; halts when it appends EOS (or when the policy stops).
- :class:`MDM`: a fixed-length canvas; each step unmasks a non-empty set of masked
  positions with non-mask tokens; written positions never change; halts when no mask
  is left.
- :class:`MaskedARM`: an MDM that must unmask exactly the leftmost mask each step
  (Theorem 3's left-to-right, one-token-per-step machine).
- :class:`APMDM`: each step applies the rule g of Algorithm 1 (remask, insert, delete,
  unmask); halts when the policy stops and, as chosen, on a fixed point or on EOS.
"""

from dataclasses import dataclass
from typing import ClassVar

from simulators import step
from simulators.errors import InvalidArgumentError
from simulators.vocab import Vocab

__all__ = ["Machine", "ARM", "MDM", "MaskedARM", "APMDM", "machine_by_name"]


@dataclass(frozen=True)
class Machine:
    """Base class: a generation machine over ``vocab``."""

    vocab: Vocab
    code: ClassVar[int]
    name: ClassVar[str]

    def __post_init__(self):
        if not isinstance(self.vocab, Vocab):
            raise InvalidArgumentError(f"vocab must be a simulators.vocab.Vocab, got {type(self.vocab).__name__}")


@dataclass(frozen=True)
class ARM(Machine):
    """Autoregressive machine: one appended token per step, never an edit; halts on EOS."""

    code: ClassVar[int] = step.ARM
    name: ClassVar[str] = "arm"


@dataclass(frozen=True)
class MDM(Machine):
    """Masked diffusion machine: fixed canvas, unmask any non-empty set of masks per step."""

    code: ClassVar[int] = step.MDM
    name: ClassVar[str] = "mdm"


@dataclass(frozen=True)
class MaskedARM(Machine):
    """MDM restricted to unmasking exactly the leftmost mask, one per step (Theorem 3)."""

    code: ClassVar[int] = step.MASKED_ARM
    name: ClassVar[str] = "masked_arm"


@dataclass(frozen=True)
class APMDM(Machine):
    """Any-process MDM: remask, insert, delete and unmask by the rule g of Algorithm 1.

    Parameters
    ----------
    vocab : Vocab
    halt_on_fixed_point : bool
        Halt when a step leaves the sequence unchanged (default True).
    halt_on_eos : bool
        Halt when a step unmasks an EOS token (default True; needs ``vocab.eos``).
    """

    halt_on_fixed_point: bool = True
    halt_on_eos: bool = True
    code: ClassVar[int] = step.APMDM
    name: ClassVar[str] = "apmdm"


_MACHINES = {cls.name: cls for cls in (ARM, MDM, MaskedARM, APMDM)}


def machine_by_name(name, vocab, **options):
    """Return the machine called ``name`` ('arm', 'mdm', 'masked_arm', 'apmdm') over ``vocab``.

    Raises
    ------
    InvalidArgumentError
        If ``name`` is not a machine's name.
    """
    try:
        return _MACHINES[name](vocab, **options)
    except KeyError:
        raise InvalidArgumentError(f"no machine {name!r}; expected one of {sorted(_MACHINES)}") from None
