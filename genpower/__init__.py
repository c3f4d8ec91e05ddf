"""genpower: run, compile and measure the generation machines of "On Powerful Ways to Generate".

The front door of the package, used as ``import genpower as gp``, in the manner of
``import networkx as nx``. It re-exports the public API of the three layers below it:

- :mod:`simulators` (what runs): the machines (``gp.ARM``, ``gp.MDM``, ``gp.MaskedARM``,
  ``gp.APMDM``), ``gp.run`` with its ``gp.RunResult`` and ``gp.Resources``, a step as
  ``gp.Edit``, ``gp.Vocab``, traces (``gp.Trace``, ``gp.replay``), the classical
  machines (``gp.run_tm``, ``gp.run_tag``, ``gp.run_lag``, ``gp.run_pram``) and the
  errors (``gp.GenpowerError`` and its subclasses);
- :mod:`theory` (what is claimed): the claims (``gp.CLAIMS``, ``gp.get_claim``), the
  class lattice (``gp.build_lattice``) and growth fits (``gp.fit_growth``);
- :mod:`proofs` (how it is shown): the tasks (``gp.get_task``, ``gp.run_task``), the
  constructions (``gp.pram_to_mdm``, ``gp.pram_to_apmdm``, ``gp.mdm_to_masked_arm``,
  ``gp.tm_to_lag``, ``gp.lag_to_arm``, ``gp.tm_to_arm``) and the checker (``gp.check``).

Names load on first use, so ``import genpower`` costs nothing until one is touched (the
command line imports only the command it runs).

Examples
--------
>>> import numpy as np
>>> import genpower as gp
>>> outcome = gp.run_task("parity", np.array([1, 0, 1, 1]), "mdm")
>>> outcome.answer, outcome.correct
(1, True)
"""

import importlib

_EXPORTS = {
    "simulators.machines": ["Machine", "ARM", "MDM", "MaskedARM", "APMDM", "machine_by_name"],
    "simulators.run": ["run", "RunResult", "Resources"],
    "simulators.stops": ["STOP_REASONS", "LIMIT_REASONS"],
    "simulators.policies": ["Edit", "halt_edit", "append_edit", "edit_at"],
    "simulators.vocab": ["Vocab"],
    "simulators.trace": ["Trace", "replay", "save_samples", "load_samples"],
    "simulators.tm": ["run_tm", "parse_tm", "TMProgram", "TMResult"],
    "simulators.tag": ["run_tag", "run_cyclic_tag", "make_tag_system", "make_cyclic_tag_system"],
    "simulators.lag": ["run_lag", "make_lag_system"],
    "simulators.pram": ["run_pram", "ProgramBuilder", "PramProgram", "PramResult"],
    "simulators.errors": ["GenpowerError", "InvalidArgumentError", "UnknownTokenError",
                          "IllegalWriteError", "HiddenStateError", "LimitReachedError",
                          "MalformedMachineError", "MemoryBudgetError", "TraceFormatError"],
    "theory.claims": ["Claim", "CLAIMS", "claim_ids", "get_claim"],
    "theory.lattice": ["build_lattice", "where"],
    "theory.growth": ["fit_growth", "check_bound"],
    "proofs.tasks": ["Task", "Process", "TaskRun", "get_task", "run_task", "task_names"],
    "proofs.pram_tasks": ["run_pram_task"],
    "proofs.constructions.pram_to_mdm": ["pram_to_mdm"],
    "proofs.constructions.pram_to_apmdm": ["pram_to_apmdm"],
    "proofs.constructions.mdm_to_masked_arm": ["mdm_to_masked_arm"],
    "proofs.constructions.tm_to_lag": ["tm_to_lag"],
    "proofs.constructions.lag_to_arm": ["lag_to_arm"],
    "proofs.constructions.tm_to_arm": ["tm_to_arm", "run_tm_via_lag"],
}
_RENAMED = {"check": ("proofs.checker", "check_claims")}
_WHERE = {name: (module, name) for module, names in _EXPORTS.items() for name in names}
_WHERE.update(_RENAMED)

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module 'genpower' has no attribute {name!r}")
    module, attribute = _WHERE[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
