"""Task families: each module has ``generate(n, rng)``, ``solve(instance)`` and ``verify``."""
