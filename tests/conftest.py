"""Shared pytest configuration: hypothesis profiles (numba compiles on first call, so no deadline)."""

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")
