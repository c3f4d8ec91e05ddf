"""The paper's simulation theorems as running compilers, one ``source_to_target`` module each.

- :mod:`~proofs.constructions.pram_to_mdm` (Theorem 1): PRAM(P, T) -> MDM, append-only
  memory blocks, context O(P·T), T steps.
- :mod:`~proofs.constructions.mdm_budget` (Theorem 2): the context-budget laws of MDM
  runs and the AP-MDM binary counter that escapes them.
- :mod:`~proofs.constructions.mdm_to_masked_arm` (Theorem 3): any-order MDM ->
  left-to-right Masked-ARM writing a decode log.
- :mod:`~proofs.constructions.pram_to_apmdm` (Theorem 4): PRAM(S memory, T) -> AP-MDM in
  place, context O(S), O(T) steps.
- :mod:`~proofs.constructions.tm_to_lag` and :mod:`~proofs.constructions.lag_to_arm`
  (ARM universality): Turing machine -> lag system -> ARM reading a sliding window;
  :mod:`~proofs.constructions.tm_to_arm` chains them and reads the TM back.

Each compiler returns a :class:`~proofs.constructions.compiled.Compiled`: what
:func:`simulators.run.run` needs plus the bound the theorem promises. Rows for the
claims checker and the figures (one dict per size, source and target resources side
by side; each module's docstring lists the keys):

- ``pram_to_mdm.resource_rows(program_name, sizes, seed)`` and
  ``pram_to_apmdm.resource_rows(program_name, sizes, seed)``;
- ``mdm_budget.resource_rows(contexts)``;
- ``mdm_to_masked_arm.resource_rows(task, sizes, seed)``;
- ``tm_to_arm.resource_rows(machines, max_steps, window)``.
"""
