"""Task families: each module has ``generate(n, rng)``, ``parse(text)``, ``solve(instance)``,
``verify(instance, answer)``, canonical ``CASES`` and its ``COMPLEXITY`` with sources.

Families: parity, prefix_sums, iterated_addition, list_ranking, connectivity,
one_sided_dyck, circuit_value. Malformed instances and text raise
``theory.errors.FamilyInputError``; every text form ignores the same ASCII white space
(``theory.families._text``).
"""
