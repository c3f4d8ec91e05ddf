"""Kernels compiled on first use: plain Python inside interpreted(), dispatchers elsewhere."""

import math
import os
import pickle
import subprocess
import sys
import time

import numba
import numpy as np
import pytest
from numba.core.errors import TypingError

from simulators import jit
from simulators.errors import InvalidArgumentError
from simulators.jit import Kernel, njit


@njit(cache=False)
def twice(x):
    """Double ``x``."""
    return 2 * x


@njit
def pair(x):
    return x.sum(), x.shape[0]


@njit(cache=False)
def python_only(x):
    return type(x).__name__  # Numba cannot compile this: only the Python form runs it


def test_njit_makes_kernels_that_keep_the_function_and_its_options():
    assert isinstance(twice, Kernel) and isinstance(pair, Kernel)
    assert twice.__name__ == "twice" and twice.__doc__ == "Double ``x``."
    assert twice.options == {"cache": False} and pair.options == {}
    assert twice(21) == 42 and twice.py_func(21) == 42


def test_interpreted_runs_the_python_function_and_compiled_code_does_not():
    with jit.interpreted():
        assert jit.is_interpreting()
        assert python_only(np.zeros(2)) == "ndarray"
    assert not jit.is_interpreting()
    with pytest.raises(TypingError):  # the control: outside, the kernel is compiled
        python_only(np.zeros(2))


def test_interpreted_kernels_return_what_numba_returns_to_python():
    with jit.interpreted():
        total, length = pair(np.arange(4, dtype=np.int64))
    assert (type(total), type(length)) == (int, int)  # not NumPy scalars
    assert (total, length) == pair(np.arange(4, dtype=np.int64))


def test_compiled_code_calls_kernels_as_dispatchers():
    @numba.njit
    def user(x):
        return twice(x) + pair(np.arange(3))[1]
    assert user(5) == 13


def test_kernels_pickle_by_reference():
    assert pickle.loads(pickle.dumps(twice)) is twice


def test_deadline_only_for_kernels_not_compiled_yet_unless_forced():
    twice(1)  # compiled now
    assert jit.interpreter_deadline(twice) is None
    with jit.forced_interpreter():
        assert jit.interpreter_deadline(twice) == math.inf
    with jit.forced_interpreter(0):
        assert jit.interpreter_deadline(twice) is None
    fresh = Kernel(lambda x: x, {})
    previous = jit.set_interpreter_budget(0)
    try:
        assert jit.interpreter_deadline(fresh) is None
        jit.set_interpreter_budget(5 + _already_spent(fresh))  # other tests spent some
        assert jit.interpreter_deadline(fresh) is not None
    finally:
        jit.set_interpreter_budget(previous)


@pytest.mark.parametrize("bad", [-1, math.nan, True, "1"])
def test_bad_budgets_are_refused(bad):
    with pytest.raises(InvalidArgumentError, match="seconds"):
        jit.set_interpreter_budget(bad)


def test_a_bad_budget_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("GENPOWER_INTERPRET_SECONDS", "soon")
    with pytest.raises(InvalidArgumentError, match="GENPOWER_INTERPRET_SECONDS='soon'"):
        jit.interpreter_budget()
    monkeypatch.setenv("GENPOWER_INTERPRET_SECONDS", "0.5")
    assert jit.interpreter_budget() == 0.5


def test_a_short_run_in_a_new_process_never_imports_numba():
    script = ("import sys; from proofs.tasks import run_task; "
              "from theory.families import parity; "
              "assert run_task('parity', parity.generate(200, rng=1)).correct; "
              "from simulators.tm import run_tm; assert run_tm('1RB1LB_1LA1RZ').steps == 6; "
              "print('numba' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, env=dict(os.environ, GENPOWER_INTERPRET_SECONDS="30"))
    assert shown.stdout.strip() == "False"
    control = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, env=dict(os.environ, GENPOWER_INTERPRET_SECONDS="0"))
    assert control.stdout.strip() == "True"


def test_the_budget_is_spent_once_per_process_so_sweeps_compile(monkeypatch):
    fresh = Kernel(lambda x: x, {})
    monkeypatch.setattr(jit, "_spent", [0.0])
    previous = jit.set_interpreter_budget(0.05)
    try:
        assert jit.interpreter_deadline(fresh) is not None
        with jit.interpreted():
            time.sleep(0.06)
        assert jit.interpreter_deadline(fresh) is None  # spent: compile from now on
        with jit.forced_interpreter():
            assert jit.interpreter_deadline(fresh) is not None
    finally:
        jit.set_interpreter_budget(previous)


def test_python_chosen_on_purpose_spends_none_of_the_budget():
    """A forced interpreted block (check --quick) leaves the budget to later runs; a plain
    interpreted block spends it (control)."""
    fresh = Kernel(lambda x: x, {})
    previous = jit.set_interpreter_budget(60)
    try:
        spent = _already_spent(fresh)
        with jit.forced_interpreter(), jit.interpreted():
            time.sleep(0.2)
        jit.set_interpreter_budget(spent + 0.1)
        assert jit.interpreter_deadline(fresh) is not None
        with jit.interpreted():
            time.sleep(0.2)
        assert jit.interpreter_deadline(fresh) is None
    finally:
        jit.set_interpreter_budget(previous)


def _already_spent(kernel):
    """Seconds this process has spent interpreted, read through the public deadline."""
    jit.set_interpreter_budget(1e6)
    return 1e6 - (jit.interpreter_deadline(kernel) - time.perf_counter())
