"""How the paper's claims are shown: constructions, oracle policies, benchmarks and the CLI."""
