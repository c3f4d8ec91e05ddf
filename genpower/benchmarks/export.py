"""Training-data export: Sudoku samples per second to .npz, and the .npz writer against NumPy writing the same arrays."""

import tempfile
from pathlib import Path

import numpy as np

from genpower.benchmarks import BenchRow, best_time
from proofs.oracles import sudoku as oracle
from proofs.trajectories import generate_samples
from proofs.trajectory_files import write_samples
from simulators.trace import FIELDS
from theory.families import sudoku

__all__ = ["run"]

GOAL = 3.0
"""The whole export's time over np.savez_compressed writing the same arrays: issue 24's
2 x 10^4 samples/s on 2 cores, as a ratio (NumPy writes these arrays at about 6 x 10^4
samples/s on the 2-core machine it was set on)."""


def _columns(samples):
    """The arrays the .npz holds, built in memory (the NumPy reference writes these)."""
    arrays = {}
    for key in FIELDS:
        parts = [np.asarray(s[key], np.uint8) for s in samples]
        arrays[key] = np.concatenate(parts)
        arrays[key + "_offsets"] = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
    for key in samples[0]["solver_metadata"]:
        arrays[key] = np.array([s["solver_metadata"][key] for s in samples])
    return arrays


def run(quick):
    """Rows of ``genpower bench --only export``."""
    puzzles = [sudoku.generate(9, seed, givens=24) for seed in range(3 if quick else 12)]
    puzzles.append(sudoku.parse(sudoku.HARD_PUZZLES[0]))
    names = oracle.vocabulary().names
    samples = [s for _, s in generate_samples("sudoku", 0, 9, 0, puzzles=puzzles)]
    arrays = _columns(samples)
    repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.npz"
        whole = best_time(lambda: write_samples(
            generate_samples("sudoku", 0, 9, 0, puzzles=puzzles), path, vocab_names=names),
            repeat)
        writer = best_time(lambda: write_samples(((0, s) for s in samples), path,
                                                 vocab_names=names), repeat)
        reference = best_time(lambda: np.savez_compressed(Path(folder) / "numpy.npz", **arrays),
                              repeat)
    count = len(samples)
    detail = (f"{len(puzzles)} 9x9 puzzles (24 givens, and AI Escargot), {count:,} samples, "
              "official encoding")
    return [
        BenchRow("export sudoku .npz (search + samples + write) vs numpy savez_compressed",
                 whole / reference, "x", goal=f"<= {GOAL:g}x", met=whole / reference <= GOAL,
                 detail=f"{detail}: {whole:.3f} s, streamed through temporary columns; "
                        f"np.savez_compressed of the same arrays built in memory: "
                        f"{reference:.3f} s"),
        BenchRow("export sudoku .npz, samples per second (orientation)", count / whole,
                 "samples/s", detail="the row above as a rate on this machine"),
        BenchRow("export .npz writer vs numpy savez_compressed", writer / reference, "x",
                 detail=f"writing the {count:,} samples already made: {writer:.3f} s; "
                        f"search and sample building take "
                        f"{(whole - writer) / whole:.0%} of the whole export"),
    ]
