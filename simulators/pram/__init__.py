"""A PRAM (EREW, CREW, CRCW) with per-step access traces, and a library of parallel programs.

A program is a sequence of parallel steps, each a set of rows (processor, opcode, dst,
a, b, c) over the instruction set of :mod:`simulators.pram.isa`; :func:`run_pram`
executes it in a Numba kernel, checks the access mode, and counts processors, parallel
time, work and memory.
"""

from simulators.pram.machine import PramResult, PramTrace, run_pram
from simulators.pram.program import MODES, PramProgram, ProgramBuilder

__all__ = ["MODES", "PramProgram", "ProgramBuilder", "PramResult", "PramTrace", "run_pram"]
