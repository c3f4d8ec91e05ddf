"""The AP-MDM Dyck sampler: its exact support is the language; broken samplers are caught."""

import numpy as np
import pytest
from numba import njit

from proofs.oracles import dyck
from proofs.tasks import run_task
from simulators.errors import HiddenStateError
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.run import run
from theory.families import dyck_sampling, two_sided_dyck


def test_support_equals_the_language_up_to_length_12_for_k_2():
    rows = dyck.support_rows(2, 12)
    assert [row["sampler_words"] for row in rows] == [1, 4, 28, 232, 2092, 19864, 195352]
    assert all(row["equal"] and row["outside_language"] == 0 for row in rows)
    assert [row["steps"] for row in rows] == [3 * row["length"] // 2 for row in rows]


def test_support_equals_the_language_for_k_3():
    assert all(row["equal"] for row in dyck.support_rows(3, 8))


def test_support_is_the_set_of_members_not_just_as_many():
    members = {tuple(w) for w in _all_words(2, 6) if two_sided_dyck.is_member(w)}
    assert dyck.sampler_support(2, 6) == members


def _all_words(k, length):
    import itertools
    alphabet = [j for j in range(1, k + 1)] + [-j for j in range(1, k + 1)]
    return [list(w) for w in itertools.product(alphabet, repeat=length)]


@njit
def _count_without_gap_one(x):
    count = dyck.option_count(x)
    _, _, _, start = dyck._header(x)
    masks, _ = dyck._word_masks(x, start)
    return count - 1 if masks == 0 and count >= 2 else count


@njit
def _edit_without_gap_one(x, option):
    _, _, _, start = dyck._header(x)
    masks, _ = dyck._word_masks(x, start)
    return dyck.option_edit(x, option + 1 if masks == 0 and option >= 1 else option)


def test_negative_control_a_sampler_that_cannot_insert_after_the_first_letter_misses_words():
    rows = dyck.support_rows(2, 6, count=_count_without_gap_one, edit=_edit_without_gap_one)
    assert rows[1]["equal"] and not rows[2]["equal"]  # length 2 still full; 4 is not
    assert rows[2]["sampler_words"] < 28 and rows[2]["outside_language"] == 0
    words = dyck.sampler_support(2, 4, count=_count_without_gap_one, edit=_edit_without_gap_one)
    assert (1, 2, -2, -1) not in words  # abBA: its only cancelling pair is in the middle


@pytest.mark.parametrize("seed", range(20))
def test_runs_sample_members_with_the_stateless_audit_on(seed):
    request = dyck_sampling.Request(2, 2 * seed, seed)
    outcome = run_task("dyck", request, check_stateless=True)
    assert outcome.correct and outcome.result.stopped_by == "halted"
    assert outcome.result.resources.steps == 3 * request.length // 2
    assert outcome.result.resources.peak_context == len(dyck.prompt(request)) + request.length
    assert outcome.result.resources.peak_context <= dyck.TASK.process().context_bound(request.length)


def test_seeds_change_the_word_and_the_same_seed_repeats_it():
    words = {tuple(run_task("dyck", dyck_sampling.Request(2, 16, s)).answer) for s in range(10)}
    again = run_task("dyck", dyck_sampling.Request(2, 16, 3)).answer
    assert len(words) == 10 and tuple(again) in words


def test_negative_control_the_audit_catches_randomness_kept_between_steps():
    draws = iter(range(10**6))

    def stateful(x):
        count = dyck.option_count(x)
        return None if count == 0 else Edit(*dyck.option_edit(x, next(draws) % count))

    with pytest.raises(HiddenStateError):
        run(APMDM(dyck.VOCAB), stateful, dyck.prompt(dyck_sampling.Request(2, 8, 0)))


def test_negative_control_a_sampler_writing_c_c_is_caught_by_verify():
    def same_letter_twice(x):
        step = dyck.sampler_policy(x)
        if step is not None and len(step.positions) == 2:
            return Edit(step.positions, np.repeat(step.tokens[:1], 2), step.ctrl)
        return step

    request = dyck_sampling.Request(2, 6, 1)
    result = run(APMDM(dyck.VOCAB), same_letter_twice, dyck.prompt(request))
    assert not dyck_sampling.verify(request, dyck.read_word(result.final))
