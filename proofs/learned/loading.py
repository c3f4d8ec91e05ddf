"""Name a model on the command line: ``oracle``, ``FILE.py:NAME`` (any callable), or a checkpoint file."""

import importlib.util
from pathlib import Path

from proofs.learned.oracle import oracle_model
from simulators.errors import InvalidArgumentError

__all__ = ["load_model", "TORCH_MISSING"]

TORCH_MISSING = "extra learn not installed (pip install -e '.[learn]')"
"""Why a checkpoint cannot be used without torch."""


def load_model(spec, task, machine=None):
    """Return the model ``spec`` names, for ``task`` on ``machine``.

    Parameters
    ----------
    spec : str
        ``oracle`` (the task's own process as a model), ``FILE.py:NAME`` (the callable
        ``NAME`` of that Python file; a class or factory is not called, so pass the
        model itself), or a ``.pt`` checkpoint made by ``genpower train`` or the
        official AP-MDM training (needs the ``learn`` extra).

    Raises
    ------
    InvalidArgumentError
        If the file or name does not exist, is not callable, or torch is missing.
    """
    spec = str(spec)
    if spec == "oracle":
        return oracle_model(task, machine)
    if ":" in spec and spec.rsplit(":", 1)[0].endswith(".py"):
        path, name = spec.rsplit(":", 1)
        if not Path(path).is_file():
            raise InvalidArgumentError(f"model file {path} does not exist")
        module_spec = importlib.util.spec_from_file_location(Path(path).stem, path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        model = getattr(module, name, None)
        if not callable(model):
            raise InvalidArgumentError(f"{path} has no callable {name!r}; define "
                                       "model(tokens, lengths) -> dict of logits there")
        return model
    if spec.endswith((".pt", ".ckpt")):
        if not Path(spec).is_file():
            raise InvalidArgumentError(f"checkpoint {spec} does not exist")
        try:
            from proofs.learned.torch_model import load_checkpoint
        except ImportError:
            raise InvalidArgumentError(f"cannot load {spec}: {TORCH_MISSING}") from None
        return load_checkpoint(spec)
    raise InvalidArgumentError(f"model {spec!r}: expected 'oracle', FILE.py:NAME or a .pt "
                               "checkpoint")
