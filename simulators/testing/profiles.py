"""Hypothesis profiles for genpower's laws: ``ci`` for every run, ``thorough`` for a long soak."""

import os

from hypothesis import HealthCheck, settings

__all__ = ["register_profiles", "examples"]

PROFILES = {"ci": 1.0, "thorough": 50.0, "dev": 0.1}
"""Profile name -> multiplier of each test's example count (``ci`` is the count as written)."""


def register_profiles(default="ci"):
    """Register the ``ci``, ``thorough`` and ``dev`` profiles and load ``$HYPOTHESIS_PROFILE``.

    Numba compiles on a kernel's first call, so no profile has a deadline.

    Returns
    -------
    str
        The name of the loaded profile.
    """
    for name, scale in PROFILES.items():
        settings.register_profile(name, deadline=None, max_examples=max(10, int(100 * scale)),
                                  suppress_health_check=[HealthCheck.too_slow])
    name = os.environ.get("HYPOTHESIS_PROFILE", default)
    settings.load_profile(name)
    return name


def examples(count):
    """Scale a test's example count by the loaded profile (``thorough``: at least 10,000).

    Examples
    --------
    >>> examples(300) >= 30
    True
    """
    name = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    scaled = int(count * PROFILES.get(name, 1.0))
    return max(scaled, 10_000) if name == "thorough" else max(1, scaled)
