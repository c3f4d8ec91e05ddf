"""A testing kit for users of genpower: hypothesis strategies and law checks for machines, policies and traces.

Import it from your own property tests::

    from hypothesis import given
    from simulators.testing import check_run, check_stateless, strategies as gst

    @given(gst.machine_runs(machine="apmdm"))
    def test_my_policy_obeys_the_machine(run):
        check_run(run)

Every check raises :class:`LawViolation` (an ``AssertionError``) naming the step and
position where a law breaks, so it reads well in a pytest report. ``register_profiles``
sets up the hypothesis profiles ``ci`` (the default of this package's own tests) and
``thorough`` (10,000 examples per law): ``HYPOTHESIS_PROFILE=thorough pytest``.
"""

from simulators.testing import strategies
from simulators.testing.laws import (
    LawViolation, check_replay, check_resources, check_run, check_same_run, check_stateless,
    check_step_laws)
from simulators.testing.profiles import register_profiles

__all__ = ["strategies", "LawViolation", "check_stateless", "check_step_laws",
           "check_resources", "check_run", "check_replay", "check_same_run",
           "register_profiles"]
