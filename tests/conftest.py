"""Shared pytest configuration: hypothesis profiles (numba compiles on first call, so no deadline)."""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _restore_memory_budget():
    """``--max-memory`` sets a process-wide budget; give every test the default back."""
    from simulators.validation import memory_budget, set_memory_budget

    budget = memory_budget()
    yield
    set_memory_budget(budget)
