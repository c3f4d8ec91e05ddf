"""Decoding rules: the official AP-MDM rule, MDM confidence rules, ARM append; a model as a policy."""

import numpy as np
import pytest

from proofs.learned.decoding import (ConfidenceThreshold, Greedy, ModelPolicy, OfficialAPMDM,
                                     Sampled, TopK, decoding_by_name)
from proofs.learned.model import CONTRACT, EXPAND, REMASK, UNMASK, call_model
from simulators.errors import HiddenStateError, InvalidArgumentError, StepShapeError
from simulators.machines import APMDM, ARM, MDM
from simulators.run import run
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "0", "1"])
M = 2


def _heads(unmask, r, e, c):
    return {UNMASK: np.asarray(unmask, float)[None], REMASK: np.asarray(r, float)[None],
            EXPAND: np.asarray(e, float)[None, :, None], CONTRACT: np.asarray(c, float)[None]}


def test_official_rule_never_predicts_mask_copies_tokens_and_thresholds_at_half():
    x = np.array([0, M, 3, M])
    unmask = np.zeros((4, 5))
    unmask[:, M] = 100.0  # MASK is the argmax everywhere, yet never chosen
    unmask[1, 4] = unmask[3, 3] = 1.0
    unmask[2, 4] = 5.0  # a written token copies itself whatever its logits say
    out = _heads(unmask, [0.1, -0.1, 0, 0], [0, 0, 0.2, 0], [0, 0, 0, 0.3])
    rule = OfficialAPMDM(APMDM(VOCAB))
    y, ctrl = rule(call_model(lambda t, l: out, [x], M), [x])[0]
    assert y.tolist() == [0, 4, 3, 3]
    assert ctrl.tolist() == [[1, 0, 0], [0, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_confidence_rules_choose_masks_only():
    x = np.array([0, M, M, 3])
    unmask = np.zeros((4, 5))
    unmask[1, 4] = 10.0
    unmask[2, 3] = 1.0
    unmask[3, 4] = 50.0  # a written cell is never chosen
    out = {UNMASK: unmask[None]}
    positions, tokens = ConfidenceThreshold(MDM(VOCAB), 0.9)(out, [x])[0]
    assert positions.tolist() == [1] and tokens.tolist() == [4]
    positions, tokens = TopK(MDM(VOCAB), 2)(out, [x])[0]
    assert positions.tolist() == [1, 2] and tokens.tolist() == [4, 3]


def test_sampled_append_is_a_function_of_the_sequence_and_seed():
    logits = np.zeros((1, 3, 5))
    rule = Sampled(ARM(VOCAB), seed=4)
    x = np.array([0, 3, 4])
    draws = {rule({UNMASK: logits}, [x])[0] for _ in range(5)}
    assert len(draws) == 1 and draws <= {0, 1, 3, 4}
    assert Greedy(ARM(VOCAB))({UNMASK: logits + np.eye(5)[1]}, [x]) == [1]


def test_a_model_with_hidden_state_is_caught_by_the_audit():
    class Counter:
        calls = 0

        def __call__(self, tokens, lengths):
            self.calls += 1
            logits = np.zeros(tokens.shape + (5,))
            logits[..., 3 + self.calls % 2] = 5.0
            return {UNMASK: logits}

    machine = ARM(VOCAB)
    with pytest.raises(HiddenStateError):
        run(machine, ModelPolicy(Counter(), machine), np.array([0]), max_steps=20)


def test_bad_model_outputs_and_names_are_refused():
    machine = APMDM(VOCAB)
    policy = ModelPolicy(lambda t, l: {UNMASK: np.zeros((1, 9, 5))}, machine)
    with pytest.raises(StepShapeError) as caught:
        run(machine, policy, np.array([0, 3]))
    assert caught.value.step == 0 and caught.value.partial is not None
    with pytest.raises(InvalidArgumentError):
        decoding_by_name(machine, "nonsense")
    with pytest.raises(InvalidArgumentError):
        decoding_by_name(machine, "greedy")
    assert isinstance(decoding_by_name(MDM(VOCAB), "threshold:0.9"), ConfidenceThreshold)
