"""The learn extra: the DiT with official names, official checkpoints, losses, deterministic resumable training."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from proofs.learned.batch import run_batch  # noqa: E402
from proofs.learned.decoding import ModelPolicy  # noqa: E402
from proofs.learned.torch_model import DiT, TorchModel, load_checkpoint  # noqa: E402
from proofs.learned.train import TrainConfig, train, training_data  # noqa: E402
from proofs.oracles import parity  # noqa: E402
from simulators.errors import InvalidArgumentError  # noqa: E402
from simulators.run import run  # noqa: E402


def _official_shapes(vocab=6, hidden=8, heads=2, cond=8):
    """The tensors of the official APMDMQuadrupleHead DiT (train/models/dit.py) at these sizes."""
    shapes = {"vocab_embed.embedding": (vocab, hidden),
              "sigma_map.mlp.0.weight": (cond, 256), "sigma_map.mlp.0.bias": (cond,),
              "sigma_map.mlp.2.weight": (cond, cond), "sigma_map.mlp.2.bias": (cond,),
              "rotary_emb.inv_freq": (hidden // heads // 2,)}
    b = "blocks.0."
    shapes.update({b + "norm1.weight": (hidden,), b + "attn_qkv.weight": (3 * hidden, hidden),
                   b + "attn_out.weight": (hidden, hidden), b + "norm2.weight": (hidden,),
                   b + "mlp.0.weight": (4 * hidden, hidden), b + "mlp.0.bias": (4 * hidden,),
                   b + "mlp.2.weight": (hidden, 4 * hidden), b + "mlp.2.bias": (hidden,),
                   b + "adaLN_modulation.weight": (6 * hidden, cond),
                   b + "adaLN_modulation.bias": (6 * hidden,)})
    o = "output_layer."
    shapes.update({o + "norm_final.weight": (hidden,), o + "unmasking_head.weight": (vocab, hidden),
                   o + "unmasking_head.bias": (vocab,),
                   o + "adaLN_modulation.weight": (2 * hidden, cond),
                   o + "adaLN_modulation.bias": (2 * hidden,)})
    for head in ("remasking_head", "expansion_head", "contraction_head"):
        shapes.update({o + head + ".weight": (1, hidden), o + head + ".bias": (1,)})
    return shapes


def test_an_official_lightning_checkpoint_round_trips(tmp_path):
    generator = torch.Generator().manual_seed(0)
    state = {name: torch.randn(shape, generator=generator)
             for name, shape in _official_shapes().items()}
    path = tmp_path / "official.ckpt"
    torch.save({"state_dict": {"backbone." + k: v for k, v in state.items()},
                "hyper_parameters": {"config": {}}}, path)
    model = load_checkpoint(path)
    loaded = model.network.state_dict()
    assert set(loaded) == set(state)
    assert all(torch.equal(loaded[name], state[name]) for name in state)
    out = model(np.array([[0, 3, 2]]), np.array([3]))
    assert out["unmasking_logits"].shape == (1, 3, 6) and np.isfinite(out["remasking_logits"]).all()


def test_a_checkpoint_with_a_wrong_name_is_refused(tmp_path):
    state = {name: torch.zeros(shape) for name, shape in _official_shapes().items()}
    state["output_layer.remask_head.weight"] = state.pop("output_layer.remasking_head.weight")
    path = tmp_path / "bad.ckpt"
    torch.save({"state_dict": {"backbone." + k: v for k, v in state.items()}}, path)
    with pytest.raises(InvalidArgumentError):
        load_checkpoint(path)


def test_the_seven_official_transitions_are_the_training_data():
    items = training_data(TrainConfig(official=True))
    names = {(parity.VOCAB.format(item["x"]),) for item in items}
    official = {(parity.VOCAB.format(np.array(before, dtype=np.int32)),)
                for before, _ in parity.OFFICIAL_TRANSITIONS}
    assert len(items) == 7 and names == official


def test_training_is_deterministic_and_resumes_exactly(tmp_path):
    config = TrainConfig(official=True, steps=12, batch=4, hidden_size=16, n_heads=2,
                         n_blocks=1)
    whole, half = tmp_path / "whole.pt", tmp_path / "half.pt"
    train(config, whole)
    first = TrainConfig(**{**config.__dict__, "steps": 6})
    train(first, half)
    train(config, half, resume=True)
    a = torch.load(whole, weights_only=False)["model"]
    b = torch.load(half, weights_only=False)["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)
    with pytest.raises(InvalidArgumentError):
        train(TrainConfig(official=True, steps=13, batch=5), half, resume=True)


@pytest.mark.parametrize("kind", ["apmdm", "arm"])
def test_a_torch_model_runs_in_batches_exactly_as_alone(kind):
    torch.manual_seed(1)
    model = TorchModel(DiT(len(parity.VOCAB), 16, 2, 1, 16, kind=kind))
    process = parity.TASK.process(kind)
    machine = process.machine()
    prompts = [process.prompt(np.array(bits)) for bits in ([1, 0, 1], [1], [0, 0, 1, 1, 0])]
    batched = run_batch(machine, model, prompts, max_steps=12)
    for prompt, result in zip(prompts, batched):
        alone = run(machine, ModelPolicy(model, machine), prompt, max_steps=12)
        assert np.array_equal(alone.final, result.final) and alone.resources == result.resources


def test_check_learned_measures_a_checkpoint_made_as_the_claim_says(tmp_path):
    from proofs.learned.claims import LearnedClaim, check_learned

    claim = LearnedClaim("L-tiny", "a tiny model", "parity", "apmdm",
                         dict(official=True, steps=3, batch=7, hidden_size=8, n_heads=2,
                              n_blocks=1), (4,), count=4, command="genpower train ... DIR")
    verdict, = check_learned(tmp_path, train=True, claims=[claim])
    assert verdict.verdict in ("holds", "fails") and set(verdict.accuracy) == {4}
    other = LearnedClaim(**{**claim.__dict__, "train": dict(claim.train, steps=4)})
    verdict, = check_learned(tmp_path, claims=[other])
    assert verdict.verdict == "inconclusive" and "not trained as the claim says" in verdict.reason
