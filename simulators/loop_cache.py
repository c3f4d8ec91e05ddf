"""Find or build the compiled run loop of one policy (a copy of loop_template.py), cached on disk.

Numba cannot cache a loop that receives the policy as an argument: the argument's type
names the policy object, which is new in every process. So for a policy that can be
imported by name (a module-level ``@njit`` function), a copy of
:mod:`simulators.loop_template` that imports the policy as its global ``policy`` is
written once to the cache directory and loaded as a module; Numba caches its
``@njit(cache=True)`` loop beside it. The copy's file name hashes the template, the
step and accounting kernels, the policy's source file and the Numba version, so a change
to any of them gives a new copy rather than a stale cached loop. Other policies (closures,
functions defined in ``__main__`` or a notebook) get an uncached copy compiled in memory.

The cache directory is ``$GENPOWER_CACHE_DIR``, else ``$XDG_CACHE_HOME/genpower``, else
``~/.cache/genpower``; if it cannot be written, loops are compiled in memory.
"""

import hashlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

from simulators import accounting, loop_template, step

__all__ = ["compiled_loop_for", "cache_directory"]

_LOOPS = {}


def cache_directory():
    """Return the directory where generated loops are kept."""
    if os.environ.get("GENPOWER_CACHE_DIR"):
        return Path(os.environ["GENPOWER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "genpower"


def compiled_loop_for(policy, machine):
    """Return ``run_chunk`` of :mod:`simulators.loop_template` bound to ``policy`` (njit)
    and to the step kernel of machine code ``machine``."""
    loop = _LOOPS.get((policy, machine))
    if loop is None:
        loop = _cached_loop(policy, machine) or _in_memory_loop(policy, machine)
        _LOOPS[policy, machine] = loop
    return loop


def _template():
    return Path(loop_template.__file__).read_text()


def _importable_name(policy):
    function = policy.py_func
    module_name, name = function.__module__, function.__qualname__
    module = sys.modules.get(module_name)
    if module is None or module_name == "__main__" or getattr(module, name, None) is not policy:
        return None
    return module_name, name


def _cached_loop(policy, machine):
    found = _importable_name(policy)
    if found is None:
        return None
    module_name, name = found
    try:
        source_file = inspect.getsourcefile(policy.py_func)
        parts = [_template(), Path(source_file).read_text()]
        parts += [Path(m.__file__).read_text() for m in (step, accounting, sys.modules[__name__])]
    except (OSError, TypeError):
        return None
    kernel = step.machine_kernel(machine).__name__
    import numba

    parts += [numba.__version__, module_name, name, sys.version, kernel]
    key = hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()
    text = (parts[0] + f"\nfrom {module_name} import {name} as policy  # noqa: E402,F811\n"
            f"apply_step = step.{kernel}  # noqa: E305\n")
    path = cache_directory() / "loops" / f"loop_{key}.py"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(text)
            partial.replace(path)  # atomic: concurrent runs never see half a file
    except OSError:
        return None
    spec = importlib.util.spec_from_file_location(f"_genpower_loop_{key}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # Numba finds the module of a cached function by name
    spec.loader.exec_module(module)
    return module.run_chunk


def _in_memory_loop(policy, machine):
    text = _template().replace("@njit(cache=True)", "@njit")
    namespace = {"__name__": f"_genpower_loop_{id(policy)}_{machine}"}
    exec(compile(text, f"<compiled loop of {policy.__name__}>", "exec"), namespace)
    namespace["policy"] = policy
    namespace["apply_step"] = step.machine_kernel(machine)
    return namespace["run_chunk"]
