"""Benchmarks of the generation machines: steps through run(), both loops, start-up, memory."""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

from genpower.benchmarks import BenchRow, best_time
from proofs.oracles import parity as oracle
from proofs.tasks import run_task
from simulators import step
from simulators.machines import APMDM, MDM
from simulators.policies import Edit
from simulators.run import run as run_machine
from theory.families import parity

__all__ = ["run"]


def _dense_rows(lengths, repeat):
    """A dense (y, ctrl) step through run(), per step, against copying x, y and ctrl."""
    rows = []
    machine = APMDM(oracle.VOCAB, halt_on_fixed_point=False)
    for length in lengths:
        rng = np.random.default_rng(0)
        x = np.where(rng.random(length) < 0.5, oracle.MASK, oracle.ZERO).astype(np.int32)
        y = np.full(2 * length, oracle.ONE, dtype=np.int32)  # room for a sequence that grows
        for label, columns in (("remask/unmask", [0]), ("remask/insert/delete", [0, 1, 2])):
            ctrl = np.zeros((2 * length, 3), dtype=np.uint8)
            ctrl[:, columns] = rng.random((2 * length, len(columns))) < 0.1

            def policy(s, y=y, ctrl=ctrl):  # the same labels every step: a fixed-cost step
                return y[:len(s)], ctrl[:len(s)]
            steps = 8
            run_machine(machine, policy, x[:10], max_steps=2)  # compile or load before timing
            one = best_time(lambda: run_machine(machine, policy, x, max_steps=1,
                                                check_stateless=False), repeat)
            more = best_time(lambda: run_machine(machine, policy, x, max_steps=1 + steps,
                                                 check_stateless=False), repeat)
            per_step = max(more - one, 0.0) / steps
            final = len(run_machine(machine, policy, x, max_steps=1 + steps).final)
            mean = (length + final) // 2  # inserts outnumber deletes: the sequence grows
            x_mean = np.resize(x, mean)
            copy = best_time(lambda: (x_mean.copy(), y[:mean].copy(), ctrl[:mean].copy()),
                             repeat)
            ratio = per_step / copy
            grows = "" if final == length else f"; L grows to {final:,}, copy at the mean length"
            rows.append(BenchRow(
                f"apmdm dense {label} step through run() / numpy copy, L = {length:,}", ratio, "x",
                "<= 3x", ratio <= 3,
                f"per step: (run of {1 + steps} steps - run of 1) / {steps}; {per_step * 1e3:.2f}"
                f" ms vs copying x, y, ctrl {copy * 1e3:.2f} ms; 50% masks, 10% of each used "
                f"control bit set{grows}"))
    return rows


def _sparse_parity_rows(big, small):
    timings = {}
    for n in (small, big):
        bits = parity.generate(n, rng=1)
        run_task("parity", bits[:8], "apmdm")  # compile or load the loop for this policy
        start = time.perf_counter()
        outcome = run_task("parity", bits, "apmdm")
        elapsed = time.perf_counter() - start
        assert outcome.correct, "elimination gave a wrong parity"
        timings[n] = (elapsed, outcome.result.resources.steps)
    big_time, big_steps = timings[big]
    small_time, small_steps = timings[small]
    growth = (big_time / big_steps) / (small_time / small_steps)
    per_step = big_time / big_steps * 1e9
    return [
        BenchRow(f"apmdm compiled loop, parity elimination, n = {big:,}", per_step, "ns/step",
                 detail=f"{big_steps:,} steps in {big_time:.2f} s through run_task (answer "
                        "checked); preallocated step scratch"),
        BenchRow(f"sparse step cost at n = {big:,} / at n = {small:,}", growth, "x",
                 "<= 3x (no growth with context)", growth <= 3,
                 "time per step; a step touches 1-2 positions next to BOS"),
    ]


def _python_loop_rows(n):
    bits = parity.generate(n, rng=2)
    machine = APMDM(oracle.VOCAB)
    prompt = oracle.apmdm_prompt(bits)
    policy = oracle.elimination_policy

    def as_python(x):
        return policy(x)
    run_machine(machine, policy, prompt[:8])  # compile or load the loop for this policy
    compiled = best_time(lambda: run_machine(machine, policy, prompt), 3)
    stepped = run_machine(machine, as_python, prompt, record=True)
    steps = stepped.resources.steps
    states = [prompt[:1 + (i % 64)] for i in range(min(steps, 4096))]  # floor: the calls alone
    floor = best_time(lambda: [as_python(s) for s in states], 3) / len(states)
    python = best_time(lambda: run_machine(machine, as_python, prompt), 3)
    above = (python / steps - floor) * 1e6
    ratio = python / compiled
    return [
        BenchRow("python-policy loop, cost per step above calling the policy", above,
                 "us/step", "<= 2 us/step", above <= 2,
                 f"AP-MDM parity elimination, n = {n:,}, {steps:,} steps; {python / steps * 1e6:.2f}"
                 f" us/step in all, {floor * 1e6:.2f} us/step calling the policy alone; audit on"),
        BenchRow("python-policy loop / compiled loop, same policy", ratio, "x",
                 detail=f"AP-MDM parity elimination, n = {n:,}: "
                        f"{steps / python:,.0f} steps/s from Python, {steps / compiled:,.0f} "
                        f"steps/s compiled; calling the policy from Python alone is "
                        f"{floor * steps / compiled:.1f}x a whole compiled step"),
    ]


def _middle_delete_row(length, repeat):
    """One delete in the middle, through the step kernel run() uses, on a fresh buffer each time."""
    x = np.full(length, oracle.ONE, dtype=np.int32)
    x[length // 2] = oracle.MASK
    positions, tokens, ctrl = Edit.delete([length // 2])
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    wide, narrow = step.new_scratch()
    deletes = []
    for _ in range(repeat + 1):  # the first call loads the kernel
        buf, start, end = step.new_buffer(x)
        began = time.perf_counter()
        step.apply_step_with(step.APMDM, buf, start, end, positions, tokens, ctrl, oracle.MASK,
                             len(oracle.VOCAB), oracle.EOS, 0, step.NO_LIMIT, counts, wide, narrow)
        deletes.append(time.perf_counter() - began)
    assert counts[step.DELETES] == 1
    moves = []
    for _ in range(repeat):  # the same cache state: a fresh buffer each time
        buf, start, end = step.new_buffer(x)
        middle = start + length // 2
        began = time.perf_counter()
        buf[middle:end - 1] = buf[middle + 1:end]  # numpy: a memmove of the right half
        moves.append(time.perf_counter() - began)
    memmove = min(moves)
    ratio = min(deletes[1:]) / memmove
    return BenchRow(f"apmdm single middle delete, L = {length:,} / memmove of L/2 int32", ratio,
                    "x", "", None,
                    f"{min(deletes[1:]) * 1e3:.2f} ms per delete vs {memmove * 1e3:.2f} ms to "
                    "memmove L/2 int32 in a fresh buffer of the same size; an edit in the "
                    "middle of a contiguous sequence moves its shorter side")


def _mdm_memory_row(n):
    bits = parity.generate(n, rng=3)
    canvas = oracle.mdm_canvas(bits)
    run_machine(MDM(oracle.VOCAB), oracle.tree_policy, oracle.mdm_canvas(bits[:8]))  # load kernels
    peaks = {}
    for audit in (True, False):
        tracemalloc.start()
        tracemalloc.reset_peak()
        result = run_machine(MDM(oracle.VOCAB), oracle.tree_policy, canvas, check_stateless=audit)
        peaks[audit] = tracemalloc.get_traced_memory()[1] / canvas.nbytes
        tracemalloc.stop()
        assert oracle.mdm_answer(result.final) == parity.solve(bits)
    return BenchRow(f"mdm parity tree, n = {n:,}: peak memory / canvas", peaks[True], "x",
                    "<= 3x", peaks[True] <= 3,
                    f"traced by tracemalloc during run() (the prompt not counted), canvas "
                    f"{canvas.nbytes / 2**20:.0f} MiB; {peaks[False]:.1f}x with the "
                    "statelessness audit off (the audit keeps one state copy)")


def _user_environment(**extra):
    """The environment of a user's shell: bytecode cached as Python does by default (this
    sandbox sets PYTHONDONTWRITEBYTECODE, which makes every process recompile its modules)."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("PYTHONDONTWRITEBYTECODE", "GENPOWER_INTERPRET_SECONDS")}
    return dict(environment, **extra)


def _command(arguments):
    """A ``genpower`` process (SciPy hidden, as on a fresh install: Numba imports it when
    present, genpower does not depend on it) that reports on stderr whether it imported Numba."""
    return [sys.executable, "-c", "import sys; sys.modules['scipy'] = None; "
            f"from genpower.cli import main; code = main({arguments!r}); "
            "print('numba' in sys.modules, file=sys.stderr); sys.exit(code)"]


def _run_command(arguments, environment):
    """Run :func:`_command` once; return whether it imported Numba."""
    done = subprocess.run(_command(arguments), capture_output=True, text=True, check=True,
                          env=environment)
    return done.stderr.strip().splitlines()[-1] == "True"


def _numba_import_seconds():
    """Best wall time of a Python process that only imports Numba (the start-up yardstick)."""
    probe = [sys.executable, "-c", "import numba"]
    return best_time(lambda: subprocess.run(probe, capture_output=True, check=True), 3)


def _warm_command_row(arguments, numba_only):
    """A whole ``genpower`` process, caches warm, timed as a fresh install runs it, against a
    process that only imports Numba; returns the row and the process's seconds."""
    environment = _user_environment()
    numba = _run_command(arguments, environment)  # warms the caches
    fresh = best_time(lambda: _run_command(arguments, environment), 3)
    how = ("compiled kernels loaded from the on-disk cache" if numba else
           "short enough to run as plain Python: Numba never imported")
    ratio = fresh / numba_only
    return BenchRow(f"warm `genpower {' '.join(arguments)}` / a process importing numba",
                    ratio, "x", "<= 1x", ratio <= 1,
                    f"whole processes, best of 3: {fresh:.2f} s vs {numba_only:.2f} s; {how}"
                    ), fresh


def _few_long_steps_row(arguments, goal, repeat):
    """A run of few, long steps (an MDM parity tree: log2 n steps over n tokens), whole
    process, caches warm: started as plain Python, as genpower does, against compiled
    from the start. A hand-over that waited for a step count would never come here."""
    started = _user_environment()
    compiled = _user_environment(GENPOWER_INTERPRET_SECONDS="0")
    _run_command(arguments, started)  # warms the caches
    first = best_time(lambda: _run_command(arguments, started), repeat)
    at_once = best_time(lambda: _run_command(arguments, compiled), repeat)
    ratio = first / at_once
    return BenchRow(f"`genpower {' '.join(arguments)}` (few long steps) / compiled from the "
                    "start", ratio, "x", f"<= {goal}x", ratio <= goal,
                    f"whole processes, caches warm, best of {repeat}: {first:.2f} s as started "
                    f"(Python, then handed over) vs {at_once:.2f} s with "
                    "GENPOWER_INTERPRET_SECONDS=0")


def _cold_row(arguments, warm=None):
    """A first run on a machine, nothing in Numba's cache nor genpower's: against the warm
    run's ``warm`` seconds (goal: at most 3x), or in seconds for orientation."""
    with tempfile.TemporaryDirectory() as empty:
        environment = _user_environment(NUMBA_CACHE_DIR=f"{empty}/numba",
                                        GENPOWER_CACHE_DIR=f"{empty}/loops")
        began = time.perf_counter()
        numba = _run_command(arguments, environment)
        wall = time.perf_counter() - began
    how = ("JIT-compiling the policy, the step kernel and the run loop after 0.25 s as plain "
           "Python (later runs load them from the cache)" if numba else
           "finished as plain Python within the 0.25 s interpreter budget: nothing compiled")
    name = f"first `genpower {' '.join(arguments)}`, empty Numba cache"
    if warm is None:
        return BenchRow(name, wall, "s", detail=f"{how}")
    return BenchRow(f"{name} / warm", wall / warm, "x", "<= 3x", wall / warm <= 3,
                    f"{wall:.2f} s vs {warm:.2f} s warm; {how}")


def run(quick=False):
    """Return the benchmark rows of the generation machines."""
    rows = _dense_rows([10**5, 10**6] if quick else [10**5, 10**6, 10**7], 3 if quick else 5)
    rows += _sparse_parity_rows(1_000_000, 10_000)
    rows += _python_loop_rows(20_000 if quick else 100_000)
    rows.append(_middle_delete_row(10**6, 3 if quick else 7))
    rows.append(_mdm_memory_row(10**6 if quick else 10**7))
    numba_only = _numba_import_seconds()
    short_run = ["run", "parity", "--n", "1000"]
    row, warm = _warm_command_row(short_run, numba_only)
    rows.append(row)
    rows.append(_warm_command_row(["tm", "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"], numba_only)[0])  # BB(4)
    rows.append(_few_long_steps_row(["run", "parity", "--n", "1000000", "--machine", "mdm"],
                                    1.3, 2 if quick else 3))
    rows.append(_cold_row(short_run, warm))
    rows.append(_cold_row(["run", "parity", "--n", "200000"]))  # long enough to compile
    return rows
