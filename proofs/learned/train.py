"""Train a small DiT on CPU on the package's trajectories in the official sample format, with the official losses.

AP-MDM: each sample ``(x_k, y_star, r_star, e_star, c_star)`` is one training item
(the official ``_forward_pass_apmdm_precomputed``): cross-entropy of the unmasking
logits where the input is MASK and the target is not (averaged over those positions),
plus a binary cross-entropy per control head over every real position (averaged over
them). MDM: the official MDLM loss on the oracle's final canvases, masking the answer
positions. ARM: next-token cross-entropy on the oracle's final sequences after the
prompt. Batches are drawn by a generator seeded with ``(seed, step)``, so a run is
the same for a seed and a resumed run continues exactly where it stopped.

Needs the ``learn`` extra (torch).
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from proofs.learned.model import CONTROL_HEADS, UNMASK, pad_batch
from proofs.learned.torch_model import DiT
from proofs.tasks import get_task
from proofs.trajectories import generate_samples, parity_samples
from simulators.errors import InvalidArgumentError
from simulators.run import run

__all__ = ["TrainConfig", "training_data", "apmdm_loss", "mdm_loss", "arm_loss", "train",
           "trained_model", "OFFICIAL_PARITY_INPUTS"]

OFFICIAL_PARITY_INPUTS = ((0, 1), (1, 0), (0, 0), (1, 1))
"""Two-bit inputs whose elimination runs give the 7 official parity transitions."""


@dataclass
class TrainConfig:
    """What ``genpower train`` trains: data, network and optimisation."""

    task: str = "parity"
    machine: str = "apmdm"
    sizes: list = field(default_factory=lambda: [4, 8])
    count: int = 64
    official: bool = False
    final_state: bool = True
    steps: int = 500
    batch: int = 32
    lr: float = 3e-3
    warmup: int = 50
    seed: int = 0
    hidden_size: int = 64
    n_heads: int = 4
    n_blocks: int = 2


def training_data(config):
    """Return the training items: a list of dicts of int arrays (``x`` and its labels).

    AP-MDM trajectories end, with ``final_state``, on a no-op sample at the final state
    (the official samples stop at the last change, so a model never sees where to stop).

    Raises
    ------
    InvalidArgumentError
        For a task/machine pair without training data here.
    """
    if config.machine in ("arm", "mdm") and not config.official:
        task = get_task(config.task)
        process = task.process(config.machine)
        mask_id = process.machine().vocab.mask_id
        items = []
        for size in config.sizes:
            rng = np.random.default_rng([config.seed, size])
            for _ in range(config.count):
                prompt = process.prompt(task.family.generate(size, rng))
                final = run(process.machine(), process.policy, prompt).final
                if config.machine == "arm":
                    items.append({"x": final, "prompt": len(prompt)})
                else:
                    items.append({"x": final, "answer": prompt == mask_id})
        return items
    if config.machine not in ("apmdm", "official"):
        raise InvalidArgumentError(f"training for machine {config.machine!r} is not here "
                                   "(use apmdm, mdm or arm for parity, official for sudoku; "
                                   "--official is for AP-MDM parity)")
    if config.official:
        if config.task != "parity":
            raise InvalidArgumentError("--official is the 7 parity transitions of the paper")
        seen, samples = set(), []
        for bits in OFFICIAL_PARITY_INPUTS:
            for sample in parity_samples(np.array(bits)):
                key = (sample["x_k"].tobytes(), sample["x_k_plus_1"].tobytes())
                if key not in seen:
                    seen.add(key)
                    samples.append(sample)
    else:
        samples = []
        for size in config.sizes:
            last = None
            for index, sample in generate_samples(config.task, config.count, size,
                                                  config.seed + 1000 * size):
                if config.final_state and last is not None and index != last[0]:
                    samples.append(_stay(last[1]))
                samples.append(sample)
                last = (index, sample)
            if config.final_state and last is not None:
                samples.append(_stay(last[1]))
    return [{"x": s["x_k"], "y": s["y_star"],
             "ctrl": np.stack([s["r_star"], s["e_star"], s["c_star"]], axis=1)} for s in samples]


def _stay(sample):
    """The no-op sample at a trajectory's final state: the step after which an AP-MDM that
    halts on a fixed point stops (the oracle's halt, which the samples do not show)."""
    final = sample["x_k_plus_1"]
    zeros = np.zeros(len(final), dtype=np.int32)
    return {"x_k": final, "y_star": final, "r_star": zeros, "e_star": zeros, "c_star": zeros,
            "x_k_plus_1": final}


def _batch(items, mask_id):
    tokens, lengths = pad_batch([item["x"] for item in items], mask_id)
    width = tokens.shape[1]
    batch = {"tokens": torch.as_tensor(tokens), "lengths": torch.as_tensor(lengths)}
    if "answer" in items[0]:
        answer = np.zeros(tokens.shape, dtype=bool)
        for row, item in enumerate(items):
            answer[row, :len(item["answer"])] = item["answer"]
        batch["answer"] = torch.as_tensor(answer)
    elif "y" in items[0]:
        y = np.full_like(tokens, mask_id)
        ctrl = np.zeros(tokens.shape + (3,), dtype=np.float32)
        for row, item in enumerate(items):
            y[row, :len(item["y"])] = item["y"]
            ctrl[row, :len(item["ctrl"])] = item["ctrl"]
        batch["y"], batch["ctrl"] = torch.as_tensor(y), torch.as_tensor(ctrl)
    else:
        start = np.zeros(len(items), dtype=np.int64)
        for row, item in enumerate(items):
            start[row] = item["prompt"]
        batch["start"] = torch.as_tensor(start)
    batch["valid"] = torch.arange(width)[None, :] < batch["lengths"][:, None]
    return batch


def apmdm_loss(out, batch, mask_id):
    """The official precomputed-label loss; returns ``(total, parts)``."""
    tokens, y, valid = batch["tokens"], batch["y"], batch["valid"]
    logits = out[UNMASK].clone()
    logits[..., mask_id] = -1e6  # SUBS: MASK is never a target
    learn = (tokens == mask_id) & (y != mask_id) & valid
    if learn.any():
        unmask = F.cross_entropy(logits[learn], y[learn])
    else:
        unmask = out[UNMASK].mean() * 0.0
    parts = {"unmask": unmask}
    count = valid.sum()
    for k, head in enumerate(CONTROL_HEADS):
        bce = F.binary_cross_entropy_with_logits(out[head], batch["ctrl"][..., k], reduction="none")
        parts[head.split("_")[0]] = (bce * valid).sum() / count
    return sum(parts.values()), parts


def mdm_loss(network, batch, mask_id, generator):
    """The official MDLM loss (``_forward_pass_mdlm``, log-linear schedule): mask each
    answer position with probability t ~ U(eps, 1), cross-entropy at the masks weighted
    by 1/t, averaged over the answer positions; ``(total, parts)``."""
    tokens, answer = batch["tokens"], batch["answer"]
    eps = 1e-3
    t = (1 - eps) * torch.rand(tokens.shape[0], generator=generator) + eps
    masked = answer & (torch.rand(tokens.shape, generator=generator) < t[:, None])
    noisy = torch.where(masked, torch.full_like(tokens, mask_id), tokens)
    logits = network(noisy, batch["lengths"])[UNMASK].clone()
    logits[..., mask_id] = -1e6
    nll = F.cross_entropy(logits.transpose(1, 2), tokens, reduction="none")
    loss = ((nll / t[:, None]) * masked).sum() / answer.sum().clamp(min=1)
    return loss, {"unmask": loss}


def arm_loss(out, batch, mask_id):
    """Next-token cross-entropy on the positions after the prompt; ``(total, parts)``."""
    tokens, lengths = batch["tokens"], batch["lengths"]
    logits = out[UNMASK][:, :-1].clone()
    logits[..., mask_id] = -1e6
    targets = tokens[:, 1:]
    index = torch.arange(targets.shape[1])[None, :]
    learn = (index + 1 >= batch["start"][:, None]) & (index + 1 < lengths[:, None])
    loss = F.cross_entropy(logits[learn], targets[learn])
    return loss, {"next_token": loss}


def _settings(values):
    """Everything that must match for a run to resume (all but the number of steps)."""
    return {key: value for key, value in values.items() if key != "steps"}


def train(config, out, *, resume=False, progress=None, save_every=200):
    """Train per ``config`` and save the checkpoint to ``out``; return the last losses.

    Parameters
    ----------
    config : TrainConfig
    out : str or pathlib.Path
        The checkpoint (``.pt``); with ``resume``, training goes on from it.
    progress : callable or None
        ``progress(step, losses)`` after each step.
    """
    out = Path(out)
    task = get_task(config.task)
    machine = task.process(config.machine).machine()
    mask_id, vocab_size = machine.vocab.mask_id, len(machine.vocab)
    kind = config.machine if config.machine in ("arm", "mdm") else "apmdm"
    torch.set_num_threads(1)  # small matrices: one thread is as fast, and the same on any machine
    torch.manual_seed(config.seed)
    network = DiT(vocab_size, config.hidden_size, config.n_heads, config.n_blocks,
                  config.hidden_size, kind=kind)
    optimizer = torch.optim.AdamW(network.parameters(), lr=config.lr, weight_decay=0.0)
    start = 0
    if resume and out.exists():
        saved = torch.load(out, map_location="cpu", weights_only=False)
        if _settings(saved["genpower"]["train"]) != _settings(asdict(config)):
            raise InvalidArgumentError(f"{out} was trained with other settings; resume with "
                                       "the same ones, or train to a new file")
        network.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        start = saved["step"]
    items = training_data(config)
    loss_fn = arm_loss if kind == "arm" else apmdm_loss
    network.train()
    losses = {}

    def save(step):
        torch.save({"genpower": {"config": network.config, "train": asdict(config),
                                 "vocab": list(machine.vocab.names)},
                    "model": network.state_dict(), "optimizer": optimizer.state_dict(),
                    "step": step}, out)

    for step in range(start, config.steps):
        rng = np.random.default_rng([config.seed, step])
        chosen = rng.integers(0, len(items), size=min(config.batch, len(items)))
        batch = _batch([items[i] for i in chosen], mask_id)
        for group in optimizer.param_groups:
            group["lr"] = config.lr * min(1.0, (step + 1) / max(1, config.warmup))
        if kind == "mdm":
            generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
            total, parts = mdm_loss(network, batch, mask_id, generator)
        else:
            total, parts = loss_fn(network(batch["tokens"], batch["lengths"]), batch, mask_id)
        optimizer.zero_grad()
        total.backward()
        torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
        optimizer.step()
        losses = {name: float(value.detach()) for name, value in parts.items()}
        losses["total"] = float(total.detach())
        if progress is not None:
            progress(step + 1, losses)
        if (step + 1) % save_every == 0:
            save(step + 1)
    save(max(start, config.steps))
    return losses


def trained_model(path):
    """The model a checkpoint of :func:`train` holds (see :func:`load_checkpoint`)."""
    from proofs.learned.torch_model import load_checkpoint

    return load_checkpoint(path)
