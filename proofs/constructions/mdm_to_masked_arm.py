"""Theorem 3 as a compiler: an any-order MDM becomes a left-to-right Masked-ARM writing a log.

Construction (the paper's proof idea is [INFERRED]; this is our choice). The
Masked-ARM's canvas is the MDM's prompt, with each MDM mask written as the token
``[HOLE]``, followed by ``3·m`` masks for an MDM prompt with m masks: room for one log
entry per token the MDM can write. An entry is three tokens: the position (``[@p]``,
one token per canvas position), the token, and ``[NEXT]``, or ``[END]`` on the last
entry of an MDM step. Each Masked-ARM step writes the leftmost mask, as the machine
demands. Its policy reads the canvas only: it rebuilds the MDM canvas from the prompt
and the entries up to the last ``[END]``, asks the MDM's policy for that step, and
writes the next token of the next entry of its answer (entries already written in
the step say how far it got). The policy stops when the MDM's policy stops; a step
the MDM would reject (empty, not increasing, writing a non-mask) also stops it.

Bound achieved: the same final canvas, and exactly 3 Masked-ARM steps per token the
MDM writes (3·tokens_written); context ``S + 3·m <= 4·S``. The MDM's advantage is
its tokens per step, not its order.
"""

import numpy as np

from proofs.constructions.compiled import Compiled
from simulators.errors import InvalidArgumentError
from simulators.machines import MDM, MaskedARM
from simulators.policies import normalize_step
from simulators.step import MDM as MDM_CODE
from simulators.validation import as_int32_array, check_positive_int
from simulators.vocab import Vocab
from theory.registry import lookup

__all__ = ["mdm_to_masked_arm", "read_log", "resource_rows", "ENTRY_TOKENS"]

#: Tokens per log entry (position, token, step flag).
ENTRY_TOKENS = 3
_EXTRA = ("[HOLE]", "[NEXT]", "[END]")


def _log_vocab(vocab, canvas_length):
    names = list(vocab.names) + list(_EXTRA) + [f"[@{p}]" for p in range(canvas_length)]
    clash = set(vocab.names) & set(names[len(vocab.names):])
    if clash:
        raise InvalidArgumentError(f"the MDM vocabulary already uses {sorted(clash)}; "
                                   "the log needs these names for itself")
    return Vocab(names, mask=vocab.mask, bos=None, eos=None)


def read_log(sequence, mdm_vocab_size, canvas_length):
    """Return the MDM steps a Masked-ARM log records: a list of ``(positions, tokens)``.

    Only complete steps (up to the last ``[END]``) are returned.
    """
    steps, _ = _entries(np.asarray(sequence), mdm_vocab_size, canvas_length)
    return steps


def _entries(x, vocab_size, canvas_length):
    next_flag, end, first_position = vocab_size + 1, vocab_size + 2, vocab_size + 3
    log = x[canvas_length:]
    complete = len(log) // ENTRY_TOKENS
    entries = log[:ENTRY_TOKENS * complete].reshape(-1, ENTRY_TOKENS)
    steps, current = [], ([], [])
    for position, token, flag in entries:
        if flag != next_flag and flag != end:  # the entry is not finished yet
            break
        current[0].append(int(position) - first_position)
        current[1].append(int(token))
        if flag == end:
            steps.append((np.array(current[0], np.int64), np.array(current[1], np.int32)))
            current = ([], [])
    return steps, current


def mdm_to_masked_arm(mdm, policy, canvas_length):
    """Compile an any-order MDM (machine and policy) into a left-to-right Masked-ARM (Theorem 3).

    Parameters
    ----------
    mdm : MDM
        The source machine (its vocabulary is extended with the log tokens).
    policy : callable
        The MDM's stateless policy, Python or compiled.
    canvas_length : int
        Length S of the MDM canvases this will run on.

    Returns
    -------
    Compiled
        ``prompt(mdm_canvas)``: the Masked-ARM canvas; ``decode(final)``: the MDM canvas
        the log rebuilds; ``bound`` = ``{"steps_per_token": 3, "context": S + 3·m}``
        with m the masks of the largest prompt (S).

    Raises
    ------
    InvalidArgumentError
        If ``mdm`` is not an MDM, ``canvas_length`` is not positive, the vocabulary already
        uses a log token name, or a prompt has the wrong length.

    Examples
    --------
    >>> from proofs.oracles.parity import VOCAB, mdm_canvas, tree_policy
    >>> from simulators.machines import MDM
    >>> canvas = mdm_canvas([1, 0, 1, 1])
    >>> compiled = mdm_to_masked_arm(MDM(VOCAB), tree_policy, len(canvas))
    >>> result, rebuilt = compiled.run(canvas)
    >>> VOCAB.format(rebuilt[-1:]), result.resources.steps, result.stopped_by
    ('1', 9, 'no_masks')
    """
    if not isinstance(mdm, MDM):
        raise InvalidArgumentError(f"mdm must be an MDM, got {mdm!r}")
    canvas_length = check_positive_int(canvas_length, "canvas_length")
    vocab = _log_vocab(mdm.vocab, canvas_length)
    size = len(mdm.vocab)
    mdm_mask, hole, next_flag, end_flag, first_position = (
        mdm.vocab.mask_id, size, size + 1, size + 2, size + 3)
    mask = vocab.mask_id

    def rebuild(x):
        canvas = np.where(x[:canvas_length] == hole, mdm_mask, x[:canvas_length]).astype(np.int32)
        steps, current = _entries(x, size, canvas_length)
        for positions, tokens in steps:
            canvas[positions] = tokens
        return canvas, len(current[0])

    def log_policy(x):
        masked = np.flatnonzero(x[canvas_length:] == mask)
        if masked.size == 0:
            return None
        leftmost = canvas_length + int(masked[0])
        canvas, done_in_step = rebuild(x)
        canvas.flags.writeable = False
        step = normalize_step(MDM_CODE, policy(canvas), canvas_length, 0)
        if step is None:
            return None
        positions, tokens, _ = step
        if (len(positions) == 0 or np.any(np.diff(positions) <= 0) or positions[0] < 0
                or positions[-1] >= canvas_length or np.any(canvas[positions] != mdm_mask)
                or done_in_step >= len(positions)):
            return None  # a step the MDM itself would reject
        entry = _entry(positions, tokens, done_in_step, first_position, next_flag, end_flag)
        token = entry[(leftmost - canvas_length) % ENTRY_TOKENS]
        return np.array([leftmost], dtype=np.int64), np.array([token], dtype=np.int32)

    def prompt(mdm_canvas):
        mdm_canvas = as_int32_array(mdm_canvas, "mdm_canvas")
        if len(mdm_canvas) != canvas_length:
            raise InvalidArgumentError(f"the MDM canvas has {len(mdm_canvas)} tokens; this "
                                       f"Masked-ARM was compiled for {canvas_length}")
        mdm.vocab.check(mdm_canvas, "mdm_canvas")
        holes = mdm_canvas == mdm_mask
        return np.concatenate([np.where(holes, hole, mdm_canvas),
                               np.full(ENTRY_TOKENS * int(holes.sum()), mask)]).astype(np.int32)

    def decode(final):
        return rebuild(np.asarray(final))[0]

    bound = {"steps_per_token": ENTRY_TOKENS, "context": (1 + ENTRY_TOKENS) * canvas_length}
    return Compiled(MaskedARM(vocab), log_policy, prompt, decode, bound)


def _entry(positions, tokens, index, first_position, next_flag, end_flag):
    """The log entry for the ``index``-th token of an MDM step (a seam for negative controls)."""
    flag = end_flag if index == len(positions) - 1 else next_flag
    return first_position + int(positions[index]), int(tokens[index]), flag


def resource_rows(task, sizes, seed=0):
    """Run an MDM task and its Theorem 3 Masked-ARM at each size; one row per size.

    ``task`` is a task with an MDM process (``"parity"``: the balanced XOR tree of
    :mod:`proofs.oracles.parity`) or a PRAM library program name (its Theorem 1 MDM). Each row: ``n``; the MDM's
    ``mdm_steps``, ``mdm_tokens``, ``mdm_context``, ``mdm_max_parallel``; the
    Masked-ARM's ``marm_steps``, ``marm_context``; ``same_canvas`` (equal final
    canvases), ``same_steps`` (the log equals the MDM's recorded steps) and
    ``steps_per_token``.
    """
    rows = []
    for n in sizes:
        machine, policy, canvas = mdm_source(task, n, seed)
        row = compare(machine, policy, canvas)
        del row["mdm"], row["masked_arm"]
        rows.append(row | {"n": n})
    return rows


def mdm_source(task, n, seed=0):
    """Return ``(mdm, policy, canvas)`` for ``task`` at size ``n`` (see :func:`resource_rows`).

    ``task`` is a task of :mod:`proofs.tasks` with an MDM process (its family generates
    the instance), or a PRAM library program compiled by Theorem 1.

    Raises
    ------
    InvalidArgumentError
        If ``task`` is neither.
    """
    from proofs.tasks import get_task, task_names
    from simulators.validation import as_rng
    n = check_positive_int(n, "n")
    mdm_tasks = [name for name in task_names() if "mdm" in get_task(name).processes]
    if task in mdm_tasks:
        registered = get_task(task)
        process = registered.process("mdm")
        instance = registered.family.generate(n, as_rng(seed))
        return process.machine(), process.policy, process.prompt(instance)
    from proofs.constructions.pram_inputs import PROGRAMS, pram_instance
    from proofs.constructions.pram_to_mdm import pram_to_mdm
    lookup([*mdm_tasks, *PROGRAMS], task, "MDM task or PRAM program (compiled by Theorem 1)",
           error=InvalidArgumentError)
    program, cells = pram_instance(task, n=n, seed=seed)
    compiled = pram_to_mdm(program)
    return compiled.machine, compiled.policy, compiled.prompt(cells)


def compare(machine, policy, canvas, **run_options):
    """Run the MDM and its Masked-ARM from ``canvas``; return both runs' figures as a row.

    The row has the flat figures of :func:`resource_rows` and both runs' full
    resources under ``mdm`` and ``masked_arm``.
    """
    from simulators.run import run
    source = run(machine, policy, canvas, record=True, **run_options)
    compiled = mdm_to_masked_arm(machine, policy, len(canvas))
    target = run(compiled.machine, compiled.policy, compiled.prompt(canvas), **run_options)
    logged = read_log(target.final, len(machine.vocab), len(canvas))
    recorded = [(p, t) for p, t, _ in source.trace.steps]
    same_steps = len(logged) == len(recorded) and all(
        np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        for a, b in zip(logged, recorded))
    s, t = source.resources, target.resources
    return {"mdm": s.as_dict() | {"stopped_by": source.stopped_by},
            "masked_arm": t.as_dict() | {"stopped_by": target.stopped_by},
            "mdm_steps": s.steps, "mdm_tokens": s.tokens_written, "mdm_context": s.peak_context,
            "mdm_max_parallel": s.max_parallel, "marm_steps": t.steps,
            "marm_context": t.peak_context,
            "same_canvas": bool(np.array_equal(compiled.decode(target.final), source.final)),
            "same_steps": same_steps,
            "steps_per_token": t.steps / max(s.tokens_written, 1)}
