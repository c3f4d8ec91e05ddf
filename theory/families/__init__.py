"""Task families: each module has ``generate(n, rng)``, ``parse(text)``, ``solve(instance)``,
``verify(instance, answer)``, canonical ``CASES`` and its ``COMPLEXITY`` with sources.

The families (``FAMILIES``, one module each):

- parity: is the number of ones in a bit string odd?
- prefix_sums: the running totals of n integers;
- iterated_addition: the sum of n integers;
- list_ranking: each node's distance to the end of its list;
- connectivity: the connected components of an undirected graph;
- circuit_value: the outputs of a layered AND/OR/NOT circuit;
- one_sided_dyck: is a bracket string well nested?
- two_sided_dyck: does a word over k letters and their inverses freely reduce to empty?
- dyck_sampling: a member of two-sided Dyck-k of a given length;
- edits: the token at a position after a series of inserts and deletes;
- sat: satisfiability of a CNF formula;
- tqbf: truth of a quantified Boolean formula (prenex CNF);
- sudoku: an N x N Sudoku (N = 4, 9, 16) with a unique solution;
- maxflow: unit-capacity max-flow / min-cut on a directed graph.

Malformed instances and text raise ``theory.errors.FamilyInputError``, from every
function of a family (``generate`` for a negative n; ``solve``, ``verify`` and
``to_text`` for anything its ``check`` refuses); every text form ignores the same ASCII
white space (``theory.families._text``).
"""

__all__ = ["FAMILIES"]

FAMILIES = ("parity", "prefix_sums", "iterated_addition", "list_ranking", "connectivity",
            "circuit_value", "one_sided_dyck", "two_sided_dyck", "dyck_sampling", "edits",
            "sat", "tqbf", "sudoku", "maxflow")
"""The family modules of this package, in the order of the list above."""
