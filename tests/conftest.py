"""Shared pytest configuration: the kit's hypothesis profiles, and the memory budget reset."""

import pytest

from simulators.testing import register_profiles

register_profiles()  # HYPOTHESIS_PROFILE=thorough for 10,000 examples per law


@pytest.fixture(autouse=True)
def _restore_memory_budget():
    """``--max-memory`` sets a process-wide budget; give every test the default back."""
    from simulators.validation import memory_budget, set_memory_budget

    budget = memory_budget()
    yield
    set_memory_budget(budget)
