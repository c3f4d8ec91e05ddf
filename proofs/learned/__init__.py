"""Learned policies: run a trained model as a machine's policy and judge it against the oracle process."""

__all__ = []
