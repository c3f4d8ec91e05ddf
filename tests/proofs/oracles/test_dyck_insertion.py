"""The pair-insertion sampler: every word reduces to empty, 3 steps per pair, choices vary with the seed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.oracles import dyck_insertion as oracle
from simulators.run import run


@settings(max_examples=40)
@given(st.integers(0, 12), st.integers(0, oracle.SEEDS - 1))
def test_every_word_is_two_sided_dyck_and_each_pair_takes_three_steps(pairs, seed):
    result = run(oracle.machine(12), oracle.policy, oracle.prompt_for(pairs, seed),
                 check_stateless=True)
    word = result.final[3:]
    assert len(word) == 2 * pairs and oracle.reduces_to_empty(word)
    assert result.stopped_by == "halted" and result.resources.steps == 3 * pairs


def test_the_seed_changes_the_word():
    words = {tuple(run(oracle.machine(6), oracle.policy, oracle.prompt_for(6, s)).final[3:])
             for s in range(oracle.SEEDS)}
    assert len(words) >= oracle.SEEDS // 2


def test_reduction_rejects_a_word_that_does_not_cancel():
    a1 = oracle.LETTER0
    assert not oracle.reduces_to_empty([a1, a1 + 2, a1 + 1, a1 + 3])  # a1 a2 A1 A2
    assert oracle.reduces_to_empty([a1, a1 + 2, a1 + 3, a1 + 1])
