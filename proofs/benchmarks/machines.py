"""Benchmarks of the generation machines: dense g against a numpy copy, sparse parity at 10^6 bits."""

import time

import numpy as np

from proofs.benchmarks import BenchRow, best_time
from proofs.oracles import parity as oracle
from proofs.tasks import run_task
from simulators.machines import APMDM
from simulators.run import run as run_machine
from simulators.update import apply_g
from theory.families import parity

__all__ = ["run"]


def _dense_g_rows(length, repeat):
    rng = np.random.default_rng(0)
    mask = 2
    x = np.where(rng.random(length) < 0.5, mask, rng.integers(3, 8, length)).astype(np.int32)
    y = rng.integers(3, 8, length).astype(np.int32)
    apply_g(x[:10], y[:10], np.zeros((10, 3), np.uint8), mask)  # compile or load before timing
    rows = []
    for label, columns in (("remask/unmask", [0]), ("remask/insert/delete", [0, 1, 2])):
        ctrl = np.zeros((length, 3), dtype=np.uint8)
        ctrl[:, columns] = rng.random((length, len(columns))) < 0.1
        g_time = best_time(lambda: apply_g(x, y, ctrl, mask), repeat)
        copy_time = best_time(lambda: (x.copy(), y.copy(), ctrl.copy()), repeat)
        ratio = g_time / copy_time
        rows.append(BenchRow(f"apmdm g, dense {label} step / numpy copy of the same bytes", ratio,
                             "x", "<= 3x", ratio <= 3,
                             f"L = {length:,}, 50% masks at random, 10% of each used control bit "
                             f"set at random; g {g_time * 1e3:.1f} ms vs copying x, y, ctrl "
                             f"{copy_time * 1e3:.1f} ms; includes front-door validation"))
    return rows


def _sparse_parity_rows(big, small):
    timings = {}
    for n in (small, big):
        bits = parity.generate(n, rng=1)
        run_task("parity", bits[:8], "apmdm")  # compile the loop for this policy
        start = time.perf_counter()
        outcome = run_task("parity", bits, "apmdm")
        elapsed = time.perf_counter() - start
        assert outcome.correct, "elimination gave a wrong parity"
        timings[n] = (elapsed, outcome.result.resources.steps)
    big_time, big_steps = timings[big]
    small_time, small_steps = timings[small]
    growth = (big_time / big_steps) / (small_time / small_steps)
    return [
        BenchRow(f"apmdm parity elimination, n = {big:,}", big_time, "s", "seconds", big_time < 10,
                 f"{big_steps:,} steps, {big_steps / big_time:,.0f} steps/s, compiled loop, "
                 "answer checked against numpy"),
        BenchRow(f"sparse step cost at n = {big:,} / at n = {small:,}", growth, "x", "~1 (no growth "
                 "with context)", growth <= 3, "time per step; a step touches 1-2 positions "
                 "next to BOS, so its cost must not depend on the sequence length"),
    ]


def _python_loop_rows(n):
    bits = parity.generate(n, rng=2)
    machine = APMDM(oracle.VOCAB)
    prompt = oracle.apmdm_prompt(bits)
    as_python = lambda x: oracle.elimination_policy(x)  # noqa: E731  (a plain callable)
    run_machine(machine, oracle.elimination_policy, prompt[:8])  # compile the loop for this policy
    compiled = best_time(lambda: run_machine(machine, oracle.elimination_policy, prompt), 3)
    start = time.perf_counter()
    stepped = run_machine(machine, as_python, prompt)
    python = time.perf_counter() - start
    steps = stepped.resources.steps
    return [BenchRow("python-policy loop / compiled loop, same policy", python / compiled, "x",
                     detail=f"AP-MDM parity elimination, n = {n:,}, {steps:,} steps: "
                     f"{steps / python:,.0f} steps/s from Python (stateless audit on), "
                     f"{steps / compiled:,.0f} steps/s compiled")]


def run(quick=False):
    """Return the benchmark rows of the generation machines."""
    rows = _dense_g_rows(1_000_000 if quick else 4_000_000, 3 if quick else 7)
    rows += _sparse_parity_rows(1_000_000, 10_000)
    rows += _python_loop_rows(20_000 if quick else 100_000)
    return rows
