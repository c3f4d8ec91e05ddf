"""Learned claims: measured verdicts that can come out either way, and inconclusive without a model."""

import numpy as np

from proofs.learned.claims import LEARNED_CLAIMS, check_learned, claim_by_id, measure_claim
from proofs.learned.oracle import OracleModel, oracle_model


class ForgetsTheLastBit(OracleModel):
    """The oracle, except at [BOS] 1, where it remasks the 1 (and so answers 'even')."""

    def step(self, x):
        if x.tolist() == [0, 4]:
            return np.array([1]), np.zeros(1, np.int32), np.array([[1, 0, 0]], np.uint8)
        return super().step(x)


def test_the_oracle_makes_a_learned_claim_hold_and_a_planted_fault_makes_it_fail():
    claim = claim_by_id("L-parity-apmdm-length-generalisation")
    assert measure_claim(claim, oracle_model("parity", "apmdm"), count=6).verdict == "holds"
    verdict = measure_claim(claim, ForgetsTheLastBit("parity", "apmdm"), count=6)
    assert verdict.verdict == "fails" and "first divergence" in verdict.reason
    assert min(verdict.accuracy.values()) < 1.0


def test_a_missing_checkpoint_is_inconclusive_with_the_command_to_make_it(tmp_path):
    verdicts = check_learned(tmp_path)
    assert [v.verdict for v in verdicts] == ["inconclusive"] * len(LEARNED_CLAIMS)
    assert all("genpower train" in v.reason or "learn" in v.reason for v in verdicts)
