"""Learned policies: run_batch's own cost per step against a small model's forward pass at B = 64."""

import time

import numpy as np

from genpower.benchmarks import BenchRow

__all__ = ["run"]


class _Timed:
    """The small model's forward pass, timed, answering with the oracle's logits (timed
    apart) so that the runs go the oracle's whole way: an untrained model would stop at
    its first fixed point."""

    def __init__(self, model, oracle):
        self.model, self.oracle = model, oracle
        self.seconds = self.oracle_seconds = 0.0
        self.calls = 0

    def __call__(self, tokens, lengths):
        start = time.perf_counter()
        self.model(tokens, lengths)
        middle = time.perf_counter()
        out = self.oracle(tokens, lengths)
        self.seconds += middle - start
        self.oracle_seconds += time.perf_counter() - middle
        self.calls += 1
        return out


def _small_model(vocab_size):
    """A DiT of hidden size 64, 2 blocks, 4 heads (torch), or a numpy stand-in without it."""
    try:
        import torch

        from proofs.learned.torch_model import DiT, TorchModel
    except ImportError:
        rng = np.random.default_rng(0)
        weights = rng.normal(size=(vocab_size, 64)), rng.normal(size=(64, vocab_size + 3))

        def numpy_model(tokens, lengths):
            hidden = np.tanh(weights[0][tokens])
            out = hidden @ weights[1]
            return {"unmasking_logits": out[..., :vocab_size], "remasking_logits": out[..., -3],
                    "expansion_logits": out[..., -2] - 9, "contraction_logits": out[..., -1]}

        return numpy_model, "a numpy stand-in (embedding + one dense layer; torch not installed)"
    torch.manual_seed(0)
    torch.set_num_threads(1)
    what = "a DiT (hidden 64, 2 blocks, 4 heads, 1 thread)"
    return TorchModel(DiT(vocab_size, 64, 4, 2, 64)), what


def run(quick):
    """Measure the harness's cost per lockstep step as a ratio to the model's forward."""
    from proofs.learned.batch import run_batch
    from proofs.learned.oracle import oracle_model
    from proofs.oracles import parity

    n, batch = (16, 64) if quick else (32, 64)
    model, what = _small_model(len(parity.VOCAB))
    rng = np.random.default_rng(0)
    prompts = [parity.apmdm_prompt(rng.integers(0, 2, n)) for _ in range(batch)]
    machine = parity.TASK.process("apmdm").machine()
    run_batch(machine, model, prompts[:2], max_steps=2)  # warm up kernels and the model
    timed = _Timed(model, oracle_model("parity", "apmdm"))
    start = time.perf_counter()
    results = run_batch(machine, timed, prompts, max_steps=2 * n + 2, check_stateless=False)
    total = time.perf_counter() - start
    harness = (total - timed.seconds - timed.oracle_seconds) / timed.calls
    forward = timed.seconds / timed.calls
    ratio = harness / forward
    steps = sum(r.resources.steps for r in results if hasattr(r, "resources"))
    return [BenchRow("learned run_batch harness per step vs model forward (B = 64)", ratio, "x",
                     "<= 0.1x", ratio <= 0.1,
                     f"parity AP-MDM n = {n}, B = {batch}, {timed.calls} lockstep steps "
                     f"({steps} instance steps, the oracle's logits, timed apart); model: {what}; "
                     f"forward {forward * 1e3:.2f} ms, "
                     f"harness {harness * 1e3:.2f} ms per step (decoding and the step kernel; "
                     "the results come from the lanes' own loop state, no replay)")]
