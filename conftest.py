"""Doctest collection: the modules of the optional learn extra are skipped where torch is not installed."""

import importlib.util


def _torch_installed():
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # ValueError: sys.modules["torch"] is None
        return False


collect_ignore = ([] if _torch_installed() else
                  ["proofs/learned/torch_model.py", "proofs/learned/train.py"])
