"""Planted faults are undone after use, and the wrappers they use keep policies stateless."""

import numpy as np

from proofs.self_test import FAULTS, patched, split_writes, stutter


def test_patches_are_undone_even_on_error():
    class Owner:
        value = 1
    table = {"key": 1}
    try:
        with patched() as patch:
            patch(Owner, "value", 2)
            patch(table, "key", 2)
            assert Owner.value == 2 and table["key"] == 2
            raise RuntimeError
    except RuntimeError:
        pass
    assert Owner.value == 1 and table["key"] == 1


def test_every_fault_leaves_the_package_as_it_found_it():
    from proofs.constructions import mdm_to_masked_arm, pram_to_mdm
    from proofs.tasks import get_task
    before = (pram_to_mdm.pram_to_mdm, mdm_to_masked_arm.ENTRY_TOKENS,
              dict(get_task("parity").processes))
    for fault in FAULTS:
        with patched() as patch:
            fault.plant(patch)
    assert before == (pram_to_mdm.pram_to_mdm, mdm_to_masked_arm.ENTRY_TOKENS,
                      dict(get_task("parity").processes))


def test_split_writes_takes_two_steps_for_a_step_of_several_cells():
    def policy(x):  # like the XOR tree: the step's first cell says whether it is due
        return (np.arange(4), np.ones(4, np.int32)) if x[0] == 9 else None
    split = split_writes(policy, 9)
    x = np.array([9, 9, 9, 9])
    first = split(x)
    assert first[0].tolist() == [2, 3]
    x[first[0]] = 1
    assert split(x)[0].tolist() == [0, 1]
    x[[0, 1]] = 1
    assert split(x) is None


def test_stutter_inserts_then_deletes_a_trailing_mask():
    def policy(x):
        return np.array([0]), np.array([5], np.int32), np.zeros((1, 3), np.uint8)
    twice = stutter(policy, 9)
    positions, tokens, ctrl = twice(np.array([1, 2, 3]))
    assert positions.tolist() == [0, 2] and ctrl[-1].tolist() == [0, 1, 0]
    positions, _, ctrl = twice(np.array([1, 2, 3, 9]))
    assert positions.tolist() == [3] and ctrl[0].tolist() == [0, 0, 1]
