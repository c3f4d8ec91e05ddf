"""What runs: Numba engines for generation machines (ARM, MDM, AP-MDM) and classical machines.

This layer knows nothing of the paper's claims; :mod:`theory` never imports it and it
never imports :mod:`theory`.
"""
