"""The standard library of PRAM programs: scans, reductions, list ranking, connectivity,
Dyck-k recognition and layered circuit value.

Every builder takes the instance's sizes (``n``: the number of inputs, a positive
integer; anything else raises :class:`~simulators.errors.InvalidArgumentError`) and
returns a :class:`~simulators.pram.PramProgram`, run by :func:`simulators.pram.run_pram`
on the input cells; its docstring gives its bounds (steps T, processors P, work, memory)
and its access mode (EREW, CREW, CRCW).
"""

from simulators.pram.programs.circuit import circuit_input, circuit_value
from simulators.pram.programs.connectivity import connectivity, connectivity_input
from simulators.pram.programs.dyck import dyck, dyck_input
from simulators.pram.programs.list_ranking import list_ranking
from simulators.pram.programs.reduce import parity, tree_sum
from simulators.pram.programs.scan import prefix_sum_blelloch, prefix_sum_hillis_steele

__all__ = ["prefix_sum_hillis_steele", "prefix_sum_blelloch", "tree_sum", "parity",
           "list_ranking", "connectivity", "connectivity_input", "dyck", "dyck_input",
           "circuit_value", "circuit_input"]
