"""Hypothesis strategies: vocabularies, sequences, steps and recorded runs of each machine, and classical machines.

Generated policies are random but stateless: each draws its step from a generator
seeded by a hash of the current sequence and a salt, so asking again about a state
gives the same answer.
"""

import hashlib

import numpy as np
from hypothesis import strategies as st

from simulators.machines import machine_by_name
from simulators.run import run
from simulators.vocab import Vocab

__all__ = ["MACHINES", "vocabularies", "sequences", "dense_steps", "sparse_steps",
           "stateless_policy", "machine_runs", "machine_states", "turing_machines",
           "tag_systems", "lag_systems", "pram_programs"]

MACHINES = ("arm", "mdm", "masked_arm", "apmdm")
_SPECIALS = ["[BOS]", "[EOS]", "[MASK]"]


def vocabularies(min_tokens=1, max_tokens=6):
    """Vocabularies ``[BOS] [EOS] [MASK]`` plus ``min_tokens``..``max_tokens`` plain tokens."""
    return st.integers(min_tokens, max_tokens).map(
        lambda k: Vocab(_SPECIALS + [f"t{i}" for i in range(k)]))


def _plain_ids(vocab):
    return [i for i in range(len(vocab)) if i not in (vocab.mask_id, vocab.eos_id)]


def sequences(vocab, min_size=0, max_size=40, masks=True):
    """int32 sequences over ``vocab`` (never EOS); with ``masks``, about half are MASK."""
    plain = st.sampled_from(_plain_ids(vocab))
    token = st.one_of(st.just(vocab.mask_id), plain) if masks else plain
    return st.lists(token, min_size=min_size, max_size=max_size).map(
        lambda tokens: np.array(tokens, dtype=np.int32))


@st.composite
def dense_steps(draw, vocab, x):
    """Dense AP-MDM labels for ``x``: a candidate token (never MASK) and 0/1 control bits per position."""
    n = len(x)
    y = draw(st.lists(st.sampled_from(_plain_ids(vocab)), min_size=n, max_size=n))
    bits = draw(st.lists(st.tuples(*(st.integers(0, 1),) * 3), min_size=n, max_size=n))
    return np.array(y, dtype=np.int32), np.array(bits, dtype=np.uint8).reshape(n, 3)


@st.composite
def sparse_steps(draw, vocab, x, machine="apmdm"):
    """A step that ``machine`` accepts on ``x``, as ``(positions, tokens, ctrl)``.

    ARM appends one token; MDM unmasks a non-empty subset of the masks (``x`` must hold
    one); Masked-ARM unmasks the leftmost mask; AP-MDM edits any subset of positions.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return _random_step(rng, vocab, np.asarray(x), machine)


def _random_step(rng, vocab, x, machine):
    plain = np.array(_plain_ids(vocab), dtype=np.int32)
    masks = np.flatnonzero(x == vocab.mask_id)
    if machine == "arm":
        positions = np.array([len(x)], dtype=np.int64)
    elif machine == "masked_arm":
        positions = masks[:1].astype(np.int64)
    elif machine == "mdm":
        size = rng.integers(1, len(masks) + 1)
        positions = np.sort(rng.choice(masks, size=size, replace=False)).astype(np.int64)
    else:
        chosen = rng.random(len(x)) < rng.uniform(0.1, 0.9) if len(x) else np.zeros(0, bool)
        positions = np.flatnonzero(chosen).astype(np.int64)
    tokens = rng.choice(plain, size=len(positions)).astype(np.int32)
    ctrl = np.zeros((len(positions), 3), dtype=np.uint8)
    if machine == "apmdm":
        ctrl[:] = rng.random((len(positions), 3)) < [0.3, 0.15, 0.3]
    return positions, tokens, ctrl


def _state_seed(x, salt):
    digest = hashlib.blake2b(np.ascontiguousarray(x).tobytes(), digest_size=8,
                             key=salt.to_bytes(8, "little")).digest()
    return int.from_bytes(digest, "little")


def stateless_policy(vocab, machine, salt, *, stop=0.05, max_length=40):
    """A random policy for ``machine`` whose every answer is a function of the sequence.

    Parameters
    ----------
    vocab : Vocab
    machine : str
        One of ``MACHINES``.
    salt : int
        Chooses one policy among many (0 <= salt < 2**64).
    stop : float
        Chance of stopping at a state.
    max_length : int
        The policy stops at sequences at least this long.
    """

    def policy(x):
        rng = np.random.default_rng(_state_seed(x, salt))
        if len(x) >= max_length or rng.random() < stop:
            return None
        if machine in ("mdm", "masked_arm") and not np.any(x == vocab.mask_id):
            return None
        return _random_step(rng, vocab, x, machine)

    policy.__name__ = f"random_{machine}_policy_{salt}"
    return policy


@st.composite
def machine_runs(draw, machine=None, max_steps=30, max_prompt=12):
    """A recorded run of a random stateless policy on a random prompt.

    Parameters
    ----------
    machine : str, optional
        One of ``MACHINES``; drawn when None.
    max_steps : int
        Step limit of the run.
    max_prompt : int
        Longest prompt.

    Returns
    -------
    RunResult
        With ``trace`` recorded (``check_run`` accepts it).
    """
    name = machine if machine is not None else draw(st.sampled_from(MACHINES))
    vocab = draw(vocabularies())
    prompt = draw(sequences(vocab, min_size=1 if name == "arm" else 0, max_size=max_prompt,
                            masks=name != "arm"))
    salt = draw(st.integers(0, 2**64 - 1))
    engine = machine_by_name(name, vocab)
    policy = stateless_policy(vocab, name, salt, max_length=max_prompt + max_steps)
    return run(engine, policy, prompt, max_steps=max_steps, record=True)


@st.composite
def machine_states(draw, machine=None, max_steps=30):
    """``(machine, state)``: a state that a random run of ``machine`` reached."""
    result = draw(machine_runs(machine, max_steps=max_steps))
    states = result.trace.states
    return result.machine, states[draw(st.integers(0, len(states) - 1))]


@st.composite
def turing_machines(draw, max_states=4, max_symbols=3, undefined=False):
    """Turing machines in bbchallenge notation, e.g. ``1RB1LC_1RC1RB_...``.

    Three examples in four are zig-zag machines (two states or more): on a blank,
    state i writes the highest symbol and moves right (i even) or left (i odd) to
    state i + 1, so the head comes back over the cells it wrote and runs read symbols
    >= 2 by construction, not by luck. The other transitions are drawn freely (high
    symbols, running states favoured; about one in eight halts). With ``undefined``,
    some transitions are ``---``.
    """
    zigzag = max_states >= 2 and draw(st.sampled_from([True, True, True, False]))
    n_states = draw(st.integers(2 if zigzag else 1, max_states))
    n_symbols = draw(st.integers(2, max_symbols))
    letters = list("ABCDEFGHIJKLMNOPQRSTUVWXY"[:n_states])
    write = st.sampled_from([n_symbols - 1] * 3 + list(range(n_symbols)))
    state = st.sampled_from(letters * 7 + ["Z"] * max(1, len(letters)))
    transition = st.tuples(write, st.sampled_from("LR"), state).map(
        lambda t: f"{t[0]}{t[1]}{t[2]}")
    if undefined:
        transition = st.one_of(transition, st.just("---"))
    groups = []
    for i in range(n_states):
        row = draw(st.lists(transition, min_size=n_symbols, max_size=n_symbols))
        if zigzag:
            row[0] = f"{n_symbols - 1}{'RL'[i % 2]}{letters[(i + 1) % n_states]}"
        groups.append("".join(row))
    return "_".join(groups)


@st.composite
def tag_systems(draw, max_symbols=4, max_m=3, max_production=4):
    """``(rules, m, word)`` for :func:`simulators.tag.make_tag_system`: every symbol has a rule."""
    symbols = "abcdefgh"[:draw(st.integers(1, max_symbols))]
    m = draw(st.integers(1, max_m))
    production = st.text(alphabet=symbols, max_size=max_production)
    rules = {s: draw(production) for s in symbols}
    word = draw(st.text(alphabet=symbols, min_size=1, max_size=8))
    return rules, m, word


@st.composite
def lag_systems(draw, max_symbols=3, max_m=2, max_production=3):
    """``(rules, word)`` for :func:`simulators.lag.make_lag_system`: a rule for every window."""
    import itertools

    symbols = "abcdefgh"[:draw(st.integers(1, max_symbols))]
    m = draw(st.integers(1, max_m))
    production = st.text(alphabet=symbols, max_size=max_production)
    rules = {"".join(w): draw(production) for w in itertools.product(symbols, repeat=m)}
    word = draw(st.text(alphabet=symbols, min_size=m, max_size=8))
    return rules, word


@st.composite
def pram_programs(draw, max_n=64):
    """``(name, program, inputs)``: a program of the PRAM library at a drawn size, with inputs."""
    from simulators.pram import programs

    name = draw(st.sampled_from(["prefix_sum_hillis_steele", "prefix_sum_blelloch",
                                 "tree_sum", "parity"]))
    n = draw(st.integers(1, max_n))
    values = draw(st.lists(st.integers(0, 1 if name == "parity" else 1000),
                           min_size=n, max_size=n))
    return name, getattr(programs, name)(n), np.array(values, dtype=np.int64)
