"""What a compiler returns (machine, policy, prompt, decoder, bound), and shared number tokens."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from simulators.machines import Machine
from simulators.run import run
from simulators.vocab import Vocab

__all__ = ["Compiled", "DIGIT_BITS", "DIGITS_PER_VALUE", "number_vocab", "encode_values",
           "decode_values"]

#: A number token holds 16 bits; an int64 value is 4 tokens, most significant first.
DIGIT_BITS = 16
DIGITS_PER_VALUE = 4
_BASE = 1 << DIGIT_BITS


@dataclass(frozen=True)
class Compiled:
    """A source machine or program compiled for a generation machine.

    Attributes
    ----------
    machine : Machine
        The target machine (with its vocabulary).
    policy : callable
        The stateless policy: it reads the current sequence only.
    prompt : callable
        ``prompt(source_input) -> x0``, the initial sequence (int32).
    decode : callable
        ``decode(final_sequence) -> output`` comparable with the source's output, or
        None if the final sequence is not one this construction produces.
    bound : dict
        The resources the theorem promises for this source (``steps``, ``context``).
    """

    machine: Machine
    policy: Callable
    prompt: Callable
    decode: Callable
    bound: dict

    def run(self, source_input, **options):
        """Run the target from ``prompt(source_input)``; return ``(RunResult, output)``.

        ``options`` go to :func:`simulators.run.run`; the output is None when the run
        stopped on a limit or its final sequence cannot be decoded.
        """
        result = run(self.machine, self.policy, self.prompt(source_input), **options)
        output = None if result.hit_limit else self.decode(result.final)
        return result, output


@lru_cache(maxsize=8)
def number_vocab(extra=()):
    """Return a vocabulary: ids ``0 .. 2**16 - 1`` are digit tokens, then MASK, then ``extra``.

    Cached: building the 65,536 names takes a while and the vocabulary is immutable.

    Examples
    --------
    >>> vocab = number_vocab(("[CLOCK]",))
    >>> len(vocab), vocab.mask_id, vocab.id("[CLOCK]")
    (65538, 65536, 65537)
    """
    return Vocab(tuple(str(d) for d in range(_BASE)) + ("[MASK]", *extra), bos=None, eos=None)


def encode_values(values):
    """Return the digit tokens of int64 ``values``: shape ``(len(values), 4)``, int32.

    Examples
    --------
    >>> encode_values([1, -1]).tolist()
    [[0, 0, 0, 1], [65535, 65535, 65535, 65535]]
    """
    unsigned = np.asarray(values, dtype=np.int64).view(np.uint64)
    shifts = np.arange(DIGITS_PER_VALUE - 1, -1, -1, dtype=np.uint64) * np.uint64(DIGIT_BITS)
    return ((unsigned[:, None] >> shifts) & np.uint64(_BASE - 1)).astype(np.int32)


def decode_values(digits):
    """Inverse of :func:`encode_values`: rows of 4 digit tokens -> int64 values.

    Examples
    --------
    >>> decode_values(encode_values([5, -7, 2**40])).tolist()
    [5, -7, 1099511627776]
    """
    digits = np.asarray(digits, dtype=np.uint64).reshape(-1, DIGITS_PER_VALUE)
    value = np.zeros(len(digits), dtype=np.uint64)
    for column in range(DIGITS_PER_VALUE):
        value = (value << np.uint64(DIGIT_BITS)) | digits[:, column]
    return value.view(np.int64)
