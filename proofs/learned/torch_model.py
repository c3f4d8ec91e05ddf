"""A small DiT in plain torch with the official AP-MDM module names, its numpy-facing wrapper and checkpoint loading.

The network re-implements the official ``train/models/dit.py`` from its published
description, with plain-torch attention instead of flash-attn: token embedding
``vocab_embed.embedding``, a timestep embedder ``sigma_map`` (fed sigma = 0, as the
official AP-MDM runs with ``time_conditioning: false``), rotary attention on q and k,
blocks ``blocks.{i}`` with adaLN modulation (``norm1``, ``attn_qkv``, ``attn_out``,
``norm2``, ``mlp``, ``adaLN_modulation``), and the output layer ``output_layer`` with
``unmasking_head``, ``remasking_head``, ``expansion_head``, ``contraction_head``
(AP-MDM), ``linear`` (MDM; ARM without adaLN, causal). Padding is masked out of the
attention. Official Lightning checkpoints name the same tensors with a ``backbone.``
prefix; :func:`load_checkpoint` strips it and infers the sizes from the shapes.

Needs the ``learn`` extra (torch).
"""

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from proofs.learned.model import CONTRACT, EXPAND, REMASK, UNMASK
from simulators.errors import InvalidArgumentError

__all__ = ["DiT", "TorchModel", "load_checkpoint", "official_state_dict", "KINDS"]

KINDS = ("apmdm", "mdm", "arm")
_FREQUENCIES = 256


class LayerNorm(nn.Module):
    """Layer norm without bias (the official ``LayerNorm``: a weight only)."""

    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.dim = dim

    def forward(self, x):
        return F.layer_norm(x.float(), [self.dim]) * self.weight


class TimestepEmbedder(nn.Module):
    """Sinusoidal features of sigma through a two-layer MLP (``sigma_map.mlp.0/2``)."""

    def __init__(self, size):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(_FREQUENCIES, size), nn.SiLU(), nn.Linear(size, size))

    def forward(self, sigma):
        half = _FREQUENCIES // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        args = sigma[:, None].float() * freqs[None]
        return self.mlp(torch.cat([torch.cos(args), torch.sin(args)], dim=-1))


class Rotary(nn.Module):
    """Rotary position embedding (``rotary_emb.inv_freq``), applied GPT-NeoX style."""

    def __init__(self, dim):
        super().__init__()
        self.register_buffer("inv_freq", 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim)))

    def forward(self, length):
        freqs = torch.outer(torch.arange(length, dtype=torch.float32), self.inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos(), emb.sin()


def _rotate(x, cos, sin):
    half = x.shape[-1] // 2
    rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
    return x * cos + rotated * sin


def _modulate(x, shift, scale):
    return x * (1 + scale[:, None]) + shift[:, None]


class Block(nn.Module):
    """One transformer block; ``adaptive`` adds the adaLN modulation (DiT), else plain (ARM)."""

    def __init__(self, dim, heads, cond_dim, mlp_width, adaptive=True):
        super().__init__()
        self.heads = heads
        self.norm1 = LayerNorm(dim)
        self.attn_qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.attn_out = nn.Linear(dim, dim, bias=False)
        self.norm2 = LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_width), nn.GELU(approximate="tanh"),
                                 nn.Linear(mlp_width, dim))
        if adaptive:
            self.adaLN_modulation = nn.Linear(cond_dim, 6 * dim)
            nn.init.zeros_(self.adaLN_modulation.weight)
            nn.init.zeros_(self.adaLN_modulation.bias)

    def forward(self, x, rotary, c, attn_mask, causal):
        batch, length, dim = x.shape
        if hasattr(self, "adaLN_modulation"):
            shift1, scale1, gate1, shift2, scale2, gate2 = self.adaLN_modulation(c).chunk(6, dim=1)
        else:
            zeros, ones = x.new_zeros(batch, dim), x.new_ones(batch, dim)
            shift1, scale1, gate1, shift2, scale2, gate2 = zeros, zeros, ones, zeros, zeros, ones
        h = _modulate(self.norm1(x), shift1, scale1)
        q, k, v = self.attn_qkv(h).view(batch, length, 3, self.heads, -1).unbind(2)
        cos, sin = rotary
        q, k = _rotate(q, cos[:, None], sin[:, None]), _rotate(k, cos[:, None], sin[:, None])
        h = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2),
                                           attn_mask=attn_mask, is_causal=False)
        h = h.transpose(1, 2).reshape(batch, length, dim)
        x = x + gate1[:, None] * self.attn_out(h)
        return x + gate2[:, None] * self.mlp(_modulate(self.norm2(x), shift2, scale2))


class OutputLayer(nn.Module):
    """The official output layer: the four AP-MDM heads, or one ``linear`` (MDM, ARM)."""

    def __init__(self, dim, vocab_size, cond_dim, kind):
        super().__init__()
        self.kind = kind
        self.norm_final = LayerNorm(dim)
        if kind == "apmdm":
            self.unmasking_head = nn.Linear(dim, vocab_size)
            nn.init.zeros_(self.unmasking_head.weight)
            nn.init.zeros_(self.unmasking_head.bias)
            for name in ("remasking_head", "expansion_head", "contraction_head"):
                head = nn.Linear(dim, 1)
                nn.init.normal_(head.weight, std=0.02)
                nn.init.constant_(head.bias, -2.0)
                setattr(self, name, head)
        else:
            self.linear = nn.Linear(dim, vocab_size)
            nn.init.zeros_(self.linear.weight)
            nn.init.zeros_(self.linear.bias)
        if kind != "arm":
            self.adaLN_modulation = nn.Linear(cond_dim, 2 * dim)
            nn.init.zeros_(self.adaLN_modulation.weight)
            nn.init.zeros_(self.adaLN_modulation.bias)

    def forward(self, x, c):
        x = self.norm_final(x)
        if self.kind != "arm":
            shift, scale = self.adaLN_modulation(c).chunk(2, dim=1)
            x = _modulate(x, shift, scale)
        if self.kind != "apmdm":
            return {UNMASK: self.linear(x)}
        return {UNMASK: self.unmasking_head(x), REMASK: self.remasking_head(x)[..., 0],
                EXPAND: self.expansion_head(x)[..., 0], CONTRACT: self.contraction_head(x)[..., 0]}


class DiT(nn.Module):
    """The official DiT backbone (``kind`` 'apmdm' or 'mdm'), or its causal AR variant ('arm').

    Parameters
    ----------
    vocab_size, hidden_size, n_heads, n_blocks, cond_dim : int
    mlp_width : int or None
        Hidden width of each block's MLP (official: 4 x hidden_size).
    kind : str
        'apmdm' (four heads), 'mdm' (unmasking logits only) or 'arm' (causal, no adaLN).
    """

    def __init__(self, vocab_size, hidden_size=64, n_heads=4, n_blocks=2, cond_dim=64,
                 mlp_width=None, kind="apmdm"):
        super().__init__()
        if kind not in KINDS:
            raise InvalidArgumentError(f"kind={kind!r} must be one of {', '.join(KINDS)}")
        if hidden_size % n_heads or (hidden_size // n_heads) % 2:
            raise InvalidArgumentError(f"hidden_size={hidden_size} must split into n_heads="
                                       f"{n_heads} heads of even width")
        self.config = dict(vocab_size=vocab_size, hidden_size=hidden_size, n_heads=n_heads,
                           n_blocks=n_blocks, cond_dim=cond_dim,
                           mlp_width=mlp_width or 4 * hidden_size, kind=kind)
        self.kind = kind
        self.vocab_embed = nn.Module()
        self.vocab_embed.embedding = nn.Parameter(torch.empty(vocab_size, hidden_size))
        nn.init.kaiming_uniform_(self.vocab_embed.embedding, a=math.sqrt(5))
        if kind != "arm":
            self.sigma_map = TimestepEmbedder(cond_dim)
        self.rotary_emb = Rotary(hidden_size // n_heads)
        self.blocks = nn.ModuleList(
            Block(hidden_size, n_heads, cond_dim, self.config["mlp_width"], kind != "arm")
            for _ in range(n_blocks))
        self.output_layer = OutputLayer(hidden_size, vocab_size, cond_dim, kind)

    def forward(self, tokens, lengths):
        """Logits of the official heads for ``tokens`` (B, L) with ``lengths`` (B,)."""
        batch, length = tokens.shape
        x = self.vocab_embed.embedding[tokens]
        c = None
        if self.kind != "arm":
            c = F.silu(self.sigma_map(torch.zeros(batch)))
        keys = torch.arange(length)[None, :] < lengths[:, None]
        allowed = keys[:, None, None, :]
        if self.kind == "arm":
            allowed = allowed & torch.ones(length, length, dtype=torch.bool).tril()
        rotary = self.rotary_emb(length)
        for block in self.blocks:
            x = block(x, rotary, c, allowed, self.kind == "arm")
        return self.output_layer(x, c)


class TorchModel:
    """A :class:`DiT` as a model of :mod:`proofs.learned.model` (numpy in, numpy out)."""

    def __init__(self, network, name="model"):
        self.network, self.name = network.eval(), name

    def __call__(self, tokens, lengths):
        with torch.no_grad():
            out = self.network(torch.as_tensor(np.asarray(tokens), dtype=torch.long),
                               torch.as_tensor(np.asarray(lengths), dtype=torch.long))
        return {head: value.float().numpy() for head, value in out.items()}

    def __repr__(self):
        return self.name


def _official_sizes(state):
    """The DiT sizes an official state dict's shapes imply."""
    embedding = state["vocab_embed.embedding"]
    blocks = {int(key.split(".")[1]) for key in state if key.startswith("blocks.")}
    hidden = embedding.shape[1]
    head_dim = 2 * state["rotary_emb.inv_freq"].shape[0]
    if "output_layer.unmasking_head.weight" in state:
        kind = "apmdm"
    else:
        kind = "mdm" if "sigma_map.mlp.0.weight" in state else "arm"
    return dict(vocab_size=embedding.shape[0], hidden_size=hidden, n_heads=hidden // head_dim,
                n_blocks=len(blocks), mlp_width=state["blocks.0.mlp.0.weight"].shape[0],
                cond_dim=(state["sigma_map.mlp.0.weight"].shape[0] if kind != "arm" else hidden),
                kind=kind)


def official_state_dict(checkpoint):
    """The backbone's tensors of an official Lightning checkpoint, ``backbone.`` stripped.

    Raises
    ------
    InvalidArgumentError
        If the checkpoint holds no ``backbone.`` tensors.
    """
    state = checkpoint.get("state_dict", checkpoint)
    backbone = {key[len("backbone."):]: value for key, value in state.items()
                if key.startswith("backbone.")}
    if not backbone:
        raise InvalidArgumentError("no 'backbone.' tensors: not an official AP-MDM checkpoint")
    return backbone


def load_checkpoint(path):
    """Load a checkpoint made by ``genpower train`` or an official AP-MDM Lightning one.

    Returns
    -------
    TorchModel

    Raises
    ------
    InvalidArgumentError
        If the file is neither kind, or its tensors do not fit the DiT's names and shapes.
    """
    torch.set_num_threads(1)  # small models: two threads on a shared CPU ran 15x slower here
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    if not isinstance(checkpoint, dict):
        raise InvalidArgumentError(f"{path} is not a checkpoint (a dict of tensors)")
    if "genpower" in checkpoint:
        config, state = checkpoint["genpower"]["config"], checkpoint["model"]
    else:
        state = official_state_dict(checkpoint)
        config = _official_sizes(state)
    network = DiT(**config)
    try:
        network.load_state_dict(state, strict=True)
    except RuntimeError as error:
        raise InvalidArgumentError(f"{path}: {str(error).splitlines()[0]}") from None
    return TorchModel(network, name=str(path))
