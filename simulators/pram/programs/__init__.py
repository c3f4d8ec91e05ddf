"""The standard library of PRAM programs: scans, reductions, list ranking, connectivity,
Dyck-k recognition and layered circuit value."""

from simulators.pram.programs.circuit import circuit_input, circuit_value
from simulators.pram.programs.connectivity import connectivity, connectivity_input
from simulators.pram.programs.dyck import dyck, dyck_input
from simulators.pram.programs.list_ranking import list_ranking
from simulators.pram.programs.reduce import parity, tree_sum
from simulators.pram.programs.scan import prefix_sum_blelloch, prefix_sum_hillis_steele

__all__ = ["prefix_sum_hillis_steele", "prefix_sum_blelloch", "tree_sum", "parity",
           "list_ranking", "connectivity", "connectivity_input", "dyck", "dyck_input",
           "circuit_value", "circuit_input"]
