"""One decoding step of ARM, MDM, Masked-ARM or AP-MDM, applied in place to a sequence buffer.

The sequence lives in ``buf[start:end]`` of a larger int32 buffer with free room on both
sides. A step is given sparsely: increasing ``positions``, a token per position and
three control bits per position ``(remask, insert, delete)``; positions that are not
listed are left as they are (a mask stays a mask). Applying the full list of positions
with the dense ``(y, ctrl)`` gives exactly the rule g of :mod:`simulators.update`.

Cost: O(k + m) for k listed positions, where m is the number of unlisted tokens that
must move; they move once, in place, in blocks (a delete in the middle of L tokens
moves L/2 of them, at about twice the time of a memmove of L/2 int32: `genpower bench`
shows the ratio). Insertions and deletions shift the tokens on one side of each edit; the
kernel keeps in place the largest block that needs no shift (the prefix, the suffix or
the longest run between edits) and moves the rest, so edits near either end of a long
sequence cost O(k). When the buffer runs out of room it is re-centred into one twice as
large (amortised O(1) per token).

Every step is validated before anything is written, so a rejected step leaves the
sequence untouched. Problems are returned as status codes; :mod:`simulators.run` turns
them into exceptions that name the step and position.
"""

import numpy as np

from simulators.jit import njit

__all__ = [
    "ARM", "MDM", "MASKED_ARM", "APMDM",
    "OK", "BAD_SHAPE", "UNKNOWN_TOKEN", "MASK_EMITTED", "WRITE_DECODED", "NOT_LEFTMOST",
    "CONTROL_FORBIDDEN", "EMPTY_STEP", "CONTEXT_LIMIT", "BAD_CONTROL",
    "UNMASKS", "REMASKS", "INSERTS", "DELETES", "WRITTEN", "EOS_WRITTEN", "STEP_COUNTS",
    "apply_step", "apply_step_with", "apply_arm_with", "apply_mdm_with", "apply_apmdm_with",
    "machine_kernel", "apply_dense", "new_scratch", "new_buffer",
    "leftmost_mask", "NO_LIMIT", "HALT_POSITION", "is_halt",
]

# Machine codes.
ARM, MDM, MASKED_ARM, APMDM = 0, 1, 2, 3

# Status codes returned by apply_step.
OK = 0
BAD_SHAPE = 1          # lengths disagree, positions out of range or not increasing
UNKNOWN_TOKEN = 2      # a token that is used lies outside the vocabulary
MASK_EMITTED = 3       # MASK where a real token is required
WRITE_DECODED = 4      # MDM / Masked-ARM writing a position that is not a mask
NOT_LEFTMOST = 5       # Masked-ARM unmasking anything but exactly the leftmost mask
CONTROL_FORBIDDEN = 6  # remask/insert/delete asked of a machine that has none
EMPTY_STEP = 7         # ARM with no token, MDM unmasking nothing
CONTEXT_LIMIT = 8      # the step would make the sequence longer than max_context
BAD_CONTROL = 9        # a control bit other than 0 or 1

# Per-step counters written into the ``counts`` array.
UNMASKS, REMASKS, INSERTS, DELETES, WRITTEN, EOS_WRITTEN = range(6)
STEP_COUNTS = 6


NO_LIMIT = np.iinfo(np.int64).max
"""``max_context`` value meaning "no limit"."""

HALT_POSITION = np.iinfo(np.int64).min
"""The one position of the halt marker ``(positions=[HALT_POSITION], tokens=[], ctrl=[])``.

No real edit has this form (one position but no token), and every other negative
position is refused as a :class:`~simulators.errors.StepShapeError`."""

SCRATCH = 4096
"""Entries of the preallocated scratch that steps listing up to this many positions use."""


@njit(cache=True)
def is_halt(positions, tokens):
    """True if ``(positions, tokens)`` is the halt marker of :func:`simulators.policies.halt_edit`."""
    return positions.shape[0] == 1 and tokens.shape[0] == 0 and positions[0] == HALT_POSITION


def new_scratch(size=SCRATCH):
    """Return the scratch arrays ``(int64[2 * size + 1], int32[size])`` of :func:`apply_step_with`."""
    return np.empty(2 * size + 1, dtype=np.int64), np.empty(size, dtype=np.int32)


def leftmost_mask(x, mask_id):
    """Position of the first mask in ``x``, or ``len(x)`` if there is none."""
    is_mask = np.asarray(x) == mask_id
    first = int(np.argmax(is_mask)) if len(is_mask) else 0
    return first if len(is_mask) and is_mask[first] else len(x)


def new_buffer(x, slack=None):
    """Return ``(buf, start, end)``: ``x`` copied into the middle of a roomier int32 buffer.

    ``slack`` free cells are kept on each side (default ``max(16, len(x) // 2)``).
    """
    n = len(x)
    slack = buffer_slack(n) if slack is None else slack
    buf = np.zeros(n + 2 * slack, dtype=np.int32)
    buf[slack:slack + n] = x
    return buf, slack, slack + n


def buffer_slack(n):
    """Free cells kept on each side of a sequence of ``n`` tokens by :func:`new_buffer`."""
    return max(16, n // 2)


@njit(cache=True)
def _token_status(token, mask_id, vocab_size):
    if token == mask_id:
        return MASK_EMITTED
    if token < 0 or token >= vocab_size:
        return UNKNOWN_TOKEN
    return OK


@njit(cache=True)
def _copy(source, source_start, target, target_start, count):
    """Copy ``count`` cells; a loop, as slice assignment costs seconds of compiling."""
    taken = source[source_start:source_start + count]  # views: indexing them vectorises
    put = target[target_start:target_start + count]
    for i in range(count):
        put[i] = taken[i]


MOVE_BLOCK = 1024
"""Cells a long move copies at a time through a separate block (see :func:`_move`)."""


@njit(cache=True)
def _move(buf, source, target, count):
    """Move ``count`` cells of ``buf`` from ``source`` to ``target``; the ranges may overlap.

    A cell-by-cell loop over overlapping ranges cannot be vectorised (a shift by one
    cell is a dependence at every step), so a long move goes in blocks through a
    separate buffer, in the order that never overwrites a cell before it is read: like
    memmove, at about twice its memory traffic.
    """
    if count < 64:
        if target < source:
            for i in range(count):
                buf[target + i] = buf[source + i]
        else:
            for i in range(count - 1, -1, -1):
                buf[target + i] = buf[source + i]
        return
    block = np.empty(MOVE_BLOCK, dtype=np.int32)
    for b in range(0, count, MOVE_BLOCK):
        size = min(MOVE_BLOCK, count - b)
        offset = b if target < source else count - b - size  # left: front first; right: back
        taken = buf[source + offset:source + offset + size]  # views: indexing them vectorises
        put = buf[target + offset:target + offset + size]
        for i in range(size):
            block[i] = taken[i]
        for i in range(size):
            put[i] = block[i]


@njit(cache=True)
def _clear(counts):
    for i in range(counts.shape[0]):
        counts[i] = 0


@njit(cache=True)
def _append(buf, start, end, token):
    if end == buf.shape[0]:
        grown = np.zeros(2 * buf.shape[0] + 16, dtype=np.int32)
        _copy(buf, start, grown, start, end - start)
        buf = grown
    buf[end] = token
    return buf, end + 1


@njit(cache=True)
def apply_step(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size,
               eos_id, first_mask, max_context, counts):
    """Validate and apply one step; return ``(status, bad_index, buf, start, end, first_mask)``.

    ``bad_index`` is the index into ``positions`` of the first offending entry (-1 if
    none applies). ``counts`` (int64, length ``STEP_COUNTS``) receives the step's
    counters. ``first_mask`` is the leftmost mask's position, kept for Masked-ARM.
    """
    wide, narrow = np.empty(1, dtype=np.int64), np.empty(0, dtype=np.int32)
    return apply_step_with(machine, buf, start, end, positions, tokens, ctrl, mask_id,
                           vocab_size, eos_id, first_mask, max_context, counts, wide, narrow)


@njit(cache=True)
def apply_step_with(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size,
                    eos_id, first_mask, max_context, counts, wide, narrow):
    """:func:`apply_step` using the preallocated scratch ``(wide, narrow)`` of
    :func:`new_scratch`, so that a step listing few positions allocates nothing."""
    if machine == ARM:
        return apply_arm_with(machine, buf, start, end, positions, tokens, ctrl, mask_id,
                              vocab_size, eos_id, first_mask, max_context, counts, wide, narrow)
    if machine == APMDM:
        return apply_apmdm_with(machine, buf, start, end, positions, tokens, ctrl, mask_id,
                                vocab_size, eos_id, first_mask, max_context, counts, wide,
                                narrow)
    return apply_mdm_with(machine, buf, start, end, positions, tokens, ctrl, mask_id,
                          vocab_size, eos_id, first_mask, max_context, counts, wide, narrow)


@njit(cache=True)
def _check_listing(positions, tokens, ctrl, length, ordered):
    """``(status, bad_index)`` of a step's shape: one token and one row of 0/1 control bits
    per position and, if ``ordered``, increasing positions inside the sequence."""
    k = positions.shape[0]
    if tokens.shape[0] != k or ctrl.shape[0] != k or ctrl.shape[1] != 3:
        return BAD_SHAPE, -1
    for j in range(k):
        if ctrl[j, 0] > 1 or ctrl[j, 1] > 1 or ctrl[j, 2] > 1:
            return BAD_CONTROL, j
    if ordered:
        previous = -1
        for j in range(k):
            p = positions[j]
            if p <= previous or p >= length:
                return BAD_SHAPE, j
            previous = p
    return OK, -1


def machine_kernel(machine):
    """Return the ``apply_*_with`` kernel of machine code ``machine`` (one compile each)."""
    if machine == ARM:
        return apply_arm_with
    return apply_apmdm_with if machine == APMDM else apply_mdm_with


@njit(cache=True)
def _arm_step(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size, eos_id,
              first_mask, max_context, counts, wide, narrow):
    length = end - start
    if positions.shape[0] == 0:
        return EMPTY_STEP, -1, buf, start, end, first_mask
    if positions.shape[0] != 1 or positions[0] != length:
        return BAD_SHAPE, 0, buf, start, end, first_mask
    if ctrl[0, 0] != 0 or ctrl[0, 1] != 0 or ctrl[0, 2] != 0:
        return CONTROL_FORBIDDEN, 0, buf, start, end, first_mask
    status = _token_status(tokens[0], mask_id, vocab_size)
    if status != OK:
        return status, 0, buf, start, end, first_mask
    if length + 1 > max_context:
        return CONTEXT_LIMIT, 0, buf, start, end, first_mask
    buf, end = _append(buf, start, end, tokens[0])
    counts[WRITTEN] = 1
    counts[EOS_WRITTEN] = tokens[0] == eos_id
    return OK, -1, buf, start, end, first_mask


@njit(cache=True)
def _mdm_step(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size, eos_id,
              first_mask, max_context, counts, wide, narrow):
    k = positions.shape[0]
    if k == 0:
        return EMPTY_STEP, -1, buf, start, end, first_mask
    if machine == MASKED_ARM and (k != 1 or positions[0] != first_mask):
        return NOT_LEFTMOST, 0, buf, start, end, first_mask
    for j in range(k):
        if buf[start + positions[j]] != mask_id:
            return WRITE_DECODED, j, buf, start, end, first_mask
        if ctrl[j, 0] != 0 or ctrl[j, 1] != 0 or ctrl[j, 2] != 0:
            return CONTROL_FORBIDDEN, j, buf, start, end, first_mask
        status = _token_status(tokens[j], mask_id, vocab_size)
        if status != OK:
            return status, j, buf, start, end, first_mask
    for j in range(k):
        buf[start + positions[j]] = tokens[j]
        if tokens[j] == eos_id:
            counts[EOS_WRITTEN] = 1
    counts[UNMASKS] = k
    counts[WRITTEN] = k
    if machine == MASKED_ARM:
        first_mask += 1
        while first_mask < end - start and buf[start + first_mask] != mask_id:
            first_mask += 1
    return OK, -1, buf, start, end, first_mask


@njit(cache=True)
def _apmdm_step(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size, eos_id,
                first_mask, max_context, counts, wide, narrow):
    length = end - start
    k = positions.shape[0]
    # Pass 1: validate and compute each listed position's output (0, 1 or 2 tokens).
    if 2 * k + 1 > wide.shape[0]:  # a long step: scratch of its own (same types: one compile)
        wide, narrow = np.empty(2 * k + 1, dtype=np.int64), np.empty(k, dtype=np.int32)
    emitted, out_count, shift = narrow[:k], wide[:k], wide[k:2 * k + 1]
    delta = np.int64(0)  # not the literal 0: Numba would compile _shift_apply for both
    for j in range(k):
        x = buf[start + positions[j]]
        remask, insert, delete = ctrl[j, 0] != 0, ctrl[j, 1] != 0, ctrl[j, 2] != 0
        if delete and x == mask_id:
            out_count[j] = 0
            counts[DELETES] += 1
        else:
            if remask:
                emitted[j] = mask_id
                if x != mask_id:
                    counts[REMASKS] += 1
            elif x == mask_id:
                status = _token_status(tokens[j], mask_id, vocab_size)
                if status != OK:
                    _clear(counts)
                    return status, j, buf, start, end, first_mask
                emitted[j] = tokens[j]
                counts[UNMASKS] += 1
                if tokens[j] == eos_id:
                    counts[EOS_WRITTEN] = 1
            else:
                emitted[j] = x
            out_count[j] = 1
            if insert:
                out_count[j] = 2
                counts[INSERTS] += 1
        delta += out_count[j] - 1
    counts[WRITTEN] = counts[UNMASKS]
    if length + delta > max_context:
        _clear(counts)
        return CONTEXT_LIMIT, -1, buf, start, end, first_mask
    if counts[INSERTS] == 0 and counts[DELETES] == 0:
        for j in range(k):
            buf[start + positions[j]] = emitted[j]
        return OK, -1, buf, start, end, first_mask
    buf, start, end = _shift_apply(buf, start, end, positions, emitted, out_count, shift, delta,
                                   mask_id)
    return OK, -1, buf, start, end, first_mask


def _checked(machine_step, ordered, name, doc):
    """Return the kernel ``name``: the checks every step starts with, then ``machine_step``.

    ``machine_step`` and ``ordered`` are the closure's cells, which Numba compiles as
    constants (as it does globals, and caches on disk), so each kernel compiles just its
    machine's step.
    """

    def apply_with(machine, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size,
                   eos_id, first_mask, max_context, counts, wide, narrow):
        _clear(counts)
        status, bad = _check_listing(positions, tokens, ctrl, end - start, ordered)
        if status != OK:
            return status, bad, buf, start, end, first_mask
        return machine_step(machine, buf, start, end, positions, tokens, ctrl, mask_id,
                            vocab_size, eos_id, first_mask, max_context, counts, wide, narrow)

    apply_with.__name__ = apply_with.__qualname__ = name  # loop_cache imports it by this name
    apply_with.__doc__ = doc
    return njit(cache=True)(apply_with)


apply_arm_with = _checked(_arm_step, False, "apply_arm_with", """:func:`apply_step_with` for an
    ARM only (same arguments): a run loop that knows its machine compiles just this machine's
    kernel.""")
apply_mdm_with = _checked(_mdm_step, True, "apply_mdm_with", """:func:`apply_step_with` for an
    MDM or a Masked-ARM (``machine`` says which).""")
apply_apmdm_with = _checked(_apmdm_step, True, "apply_apmdm_with", """:func:`apply_step_with`
    for an AP-MDM only (same arguments).""")


@njit(cache=True)
def _run_bounds(positions, j, length):
    """Unlisted run j lies between listed positions j-1 and j: [lo, hi)."""
    lo = positions[j - 1] + 1 if j > 0 else 0
    hi = positions[j] if j < positions.shape[0] else length
    return lo, hi


@njit(cache=True)
def _shift_apply(buf, start, end, positions, emitted, out_count, shift, delta, mask_id):
    length = end - start
    k = positions.shape[0]
    # shift[j]: how far unlisted run j (and listed position j) moves in the new sequence.
    shift[0] = 0
    longest, longest_shift = -1, 0
    for j in range(k + 1):
        if j > 0:
            shift[j] = shift[j - 1] + out_count[j - 1] - 1
        lo, hi = _run_bounds(positions, j, length)
        if hi - lo > longest:
            longest, longest_shift = hi - lo, shift[j]
    # Keep in place the runs whose shift equals the anchor that moves the fewest tokens.
    best_anchor, best_cost = 0, -1
    for anchor in (np.int64(0), np.int64(delta), longest_shift):
        cost = 0
        for j in range(k + 1):
            if shift[j] != anchor:
                lo, hi = _run_bounds(positions, j, length)
                cost += hi - lo
        if best_cost < 0 or cost < best_cost:
            best_anchor, best_cost = anchor, cost
    new_start = start - best_anchor
    new_end = new_start + length + delta
    if new_start < 0 or new_end > buf.shape[0]:
        return _rebuild(buf, start, end, positions, emitted, out_count, shift, delta, mask_id)
    # Move each run once, in place: runs moving left in ascending order (each copied
    # front to back), then runs moving right in descending order (back to front). Runs
    # keep their order, so no run's destination overlaps a source not yet moved.
    for j in range(k + 1):
        if shift[j] < best_anchor:
            lo, hi = _run_bounds(positions, j, length)
            _move(buf, start + lo, new_start + lo + shift[j], hi - lo)
    for j in range(k, -1, -1):
        if shift[j] > best_anchor:
            lo, hi = _run_bounds(positions, j, length)
            _move(buf, start + lo, new_start + lo + shift[j], hi - lo)
    _write_listed(buf, new_start, positions, emitted, out_count, shift, mask_id)
    return buf, new_start, new_end


@njit(cache=True)
def _rebuild(buf, start, end, positions, emitted, out_count, shift, delta, mask_id):
    length = end - start
    new_length = length + delta
    slack = max(16, new_length // 2)
    grown = np.zeros(new_length + 2 * slack, dtype=np.int32)
    for j in range(positions.shape[0] + 1):
        lo, hi = _run_bounds(positions, j, length)
        target = slack + lo + shift[j]
        _copy(buf, start + lo, grown, target, hi - lo)
    _write_listed(grown, slack, positions, emitted, out_count, shift, mask_id)
    return grown, slack, slack + new_length


@njit(cache=True)
def _write_listed(buf, new_start, positions, emitted, out_count, shift, mask_id):
    for j in range(positions.shape[0]):
        if out_count[j] == 0:
            continue
        target = new_start + positions[j] + shift[j]
        buf[target] = emitted[j]
        if out_count[j] == 2:
            buf[target + 1] = mask_id


DENSE_BLOCK = 992
"""Positions a dense step handles at a time: their tokens and output widths stay in L1
cache. Below 1024, so that a block's counts fit 10-bit fields of one int32 (see
:func:`_dense_block`), and a multiple of 32, so that the vectorised loop has no remainder."""


@njit(cache=True, nogil=True, boundscheck=False)
def apply_dense(buf, start, end, y, ctrl_rows, mask_id, vocab_size, eos_id, max_context, counts,
                spare):
    """Validate and apply a dense AP-MDM step ``(y, ctrl)`` to ``buf[start:end]``.

    ``spare`` is a second int32 buffer owned by the run (a new one is made if it has too
    little room). Returns ``(status, bad_index, buf, start, end, spare)`` like
    :func:`apply_step`, plus the buffer that is free after the step; ``bad_index`` is the
    offending position. The new sequence is written into ``spare`` only, so a rejected
    step leaves the sequence untouched, and the two buffers swap. It is made in blocks of
    :data:`DENSE_BLOCK` positions: a pass written without branches, so that it vectorises,
    validates the block and computes each position's token and width (0, 1 or 2 cells)
    into a small scratch; a second pass writes the tokens at their new places (after the
    block's output was filled with MASK when it inserts). Nothing is allocated but the
    scratch while ``spare`` has room.
    """
    _clear(counts)
    n = end - start
    if y.shape[0] != n or ctrl_rows.shape[0] != n or ctrl_rows.shape[1] != 3:
        return BAD_SHAPE, -1, buf, start, end, spare  # run() names the shape before
    x = buf[start:end]
    ctrl = ctrl_rows.reshape(-1)
    mask = np.int32(mask_id)
    vocab = np.uint32(min(vocab_size, 1 << 31))  # every int32 token id lies below 2**31
    eos_token = np.int32(eos_id)
    if spare.shape[0] < n + 2:
        spare = np.empty(2 * n + 2, dtype=np.int32)
    tokens = np.empty(DENSE_BLOCK, dtype=np.int32)
    widths = np.empty(DENSE_BLOCK, dtype=np.uint8)
    unmasks = remasks = inserts = eos = 0
    bad = False
    j = 0  # where the next block's output begins in spare
    for lo in range(0, n, DENSE_BLOCK):
        hi = min(n, lo + DENSE_BLOCK)
        size = hi - lo
        block = ctrl[3 * lo:3 * hi]
        if _or_bytes(block) > 1:
            bad = True
            break
        block_unmasks, block_remasks, block_inserts, block_eos, bad_token = (
            _dense_block(x[lo:hi], y[lo:hi], block, tokens, widths, mask, vocab, eos_token))
        if bad_token:
            bad = True
            break
        most = size + block_inserts  # cells the block takes if it deletes nothing
        if spare.shape[0] < j + most + 1:  # _place writes one cell past the block
            grown = np.empty(2 * n + 2, dtype=np.int32)
            _copy(spare, 0, grown, 0, j)
            spare = grown
        if block_inserts == 0 and _all_ones(widths[:size]):  # every token keeps its cell
            _copy(tokens, 0, spare, j, size)
            j += size
        else:
            if block_inserts:
                _fill(spare[j:j + most], mask)
            j += _place(tokens[:size], widths[:size], spare[j:j + most + 1])
        unmasks += np.int64(block_unmasks)  # int64, also when run as plain Python
        remasks += np.int64(block_remasks)
        inserts += np.int64(block_inserts)
        eos |= np.int64(block_eos)
    if bad:
        status, where = _dense_error(buf, start, n, y, ctrl, mask_id, vocab_size)
        return status, where, buf, start, end, spare
    if j > max_context:
        return CONTEXT_LIMIT, -1, buf, start, end, spare
    counts[UNMASKS] = unmasks
    counts[REMASKS] = remasks
    counts[INSERTS] = inserts
    counts[DELETES] = n + inserts - j  # every position takes one cell, plus inserts, less deletes
    counts[WRITTEN] = unmasks
    counts[EOS_WRITTEN] = eos
    return OK, -1, spare, 0, j, buf


@njit(cache=True, nogil=True, boundscheck=False)
def _or_bytes(values):
    """Bitwise or of uint8 ``values`` (above 1 if any control bit is neither 0 nor 1)."""
    total = np.uint8(0)
    for i in range(values.shape[0]):
        total = np.uint8(total | values[i])
    return total


@njit(cache=True, nogil=True, boundscheck=False)
def _dense_block(x, y, ctrl, tokens, widths, mask, vocab, eos_token):
    """One block of :func:`apply_dense`'s first pass: each position's token (MASK when
    remasked, ``y`` when a mask is unmasked, else ``x``) into ``tokens`` and the cells it
    takes in the new sequence (0 for a deleted mask, 2 with an insert, else 1) into
    ``widths``. Returns the block's unmasks, remasks and inserts, and whether it unmasks
    EOS and whether it unmasks a token that is MASK or outside the vocabulary.

    Written so that it vectorises in 16-lane int32 registers: selections, no branches,
    and the three counts added into 10-bit fields of one int32 (a block has fewer than
    1024 positions), the two flags or-ed into the bits of another.
    """
    tally = np.int32(0)  # unmasks + remasks << 10 + inserts << 20
    flags = np.int32(0)  # 1: EOS unmasked, 2: a bad token unmasked
    for i in range(x.shape[0]):
        xi = x[i]
        yi = y[i]
        remask = ctrl[3 * i] != 0
        insert = ctrl[3 * i + 1] != 0
        delete = ctrl[3 * i + 2] != 0
        is_mask = xi == mask
        deleted = delete & is_mask
        unmask = is_mask & (not (remask | delete))
        token = yi if unmask else xi
        tokens[i] = mask if remask else token
        widths[i] = np.uint8(0) if deleted else (np.uint8(2) if insert else np.uint8(1))
        unmasked = (np.int32(yi == eos_token)
                    | (np.int32((np.uint32(yi) >= vocab) | (yi == mask)) << np.int32(1)))
        flags = np.int32(flags | (unmasked if unmask else np.int32(0)))
        tally = np.int32(tally + np.int32(unmask)
                         + (np.int32(remask & (not is_mask)) << np.int32(10))
                         + (np.int32(insert & (not deleted)) << np.int32(20)))
    return tally & 1023, (tally >> 10) & 1023, tally >> 20, flags & 1, (flags & 2) != 0


@njit(cache=True, nogil=True, boundscheck=False)
def _all_ones(widths):
    """True if every position keeps exactly one cell (a min over bytes: it vectorises)."""
    lowest = np.uint8(1)
    highest = np.uint8(1)
    for i in range(widths.shape[0]):
        lowest = min(lowest, widths[i])
        highest = max(highest, widths[i])
    return lowest == 1 and highest == 1


@njit(cache=True, nogil=True, boundscheck=False)
def _fill(cells, value):
    for i in range(cells.shape[0]):
        cells[i] = value


@njit(cache=True, nogil=True, boundscheck=False)
def _place(tokens, widths, out):
    """Write each token at its place in ``out`` (already MASK after every insert); return
    the cells taken. A deleted token is written too, where the next one overwrites it."""
    j = 0
    for i in range(tokens.shape[0]):
        out[j] = tokens[i]
        j += np.int64(widths[i])  # as plain Python, an int plus a uint8 would stay uint8
    return j


@njit(cache=True)
def _dense_error(buf, start, n, y, ctrl, mask_id, vocab_size):
    for i in range(n):
        if ctrl[3 * i] > 1 or ctrl[3 * i + 1] > 1 or ctrl[3 * i + 2] > 1:
            return BAD_CONTROL, i
        if buf[start + i] == mask_id and ctrl[3 * i] == 0 and ctrl[3 * i + 2] == 0:
            status = _token_status(y[i], mask_id, vocab_size)
            if status != OK:
                return status, i
    return OK, -1
