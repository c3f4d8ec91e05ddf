"""Position tracking on AP-MDM (edits in place) and on an ARM that must keep and replay an edit log (Theorem 6).

The constructions are ours (PAPER.md §2, Theorem 6, [INFERRED]). Both machines read a
header ``[BOS] 1^b [SEP] E S [SEP]`` (b in unary, then the number of script entries E
and the start length S in b bits) and a script of fixed-width entries: an op (``I``
insert, ``D`` delete, ``Q`` query), the position in b bits, and a token cell.

- **AP-MDM** (prompt: header, script with a masked *status* cell per entry, ``[SEP]``,
  the start sequence). The next entry is the first whose status is still a mask
  (binary search). An insert puts a mask in gap p (insert bit on the token before it,
  the SEP for p = 0) and marks its status ``✓``; the next step sees the mask at p and
  unmasks it with the entry's token. A delete remasks p and marks ``✓``; the next step
  deletes the mask. The query writes the token at q into its answer cell. 2E + 1 steps
  for E edits; the working sequence is edited where it stands, so the context is the
  prompt plus at most one mask in flight.
- **ARM** (prompt: header, script, ``[SEP]``, start, ``[SEP]``). It carries out the same
  process by appending, for each AP-MDM step, a log entry ``(kind, position, token)``
  with kind ``+`` (insert a mask), ``=`` (unmask), ``~`` (remask) or ``-`` (delete);
  then ``[SEP]``, the final sequence, ``[SEP]``, the query's token, ``[EOS]``. It never
  sees the current sequence: to write final token j it replays the log backwards
  (``=`` at j: found; ``-`` at p <= j: j + 1; ``+`` at p < j: j - 1) down to the start
  sequence; it learns the final length by counting ``+`` and ``-`` entries.

**Lookback** is the number of distinct positions a step reads, measured by handing the
very policy a sequence that records each index it reads (:func:`lookback_profile`):
every read goes through ``x[i]``. AP-MDM steps read O(b + log E) positions; an ARM step
that writes a final token reads O(E·b). :func:`edit_rows` measures both as n grows.
"""

import itertools

import numpy as np

from proofs.tasks import Process, Task, run_task
from simulators.machines import APMDM, ARM
from simulators.policies import Edit
from simulators.run import run
from simulators.validation import as_rng
from simulators.vocab import Vocab
from theory.families import edits

__all__ = ["VOCAB", "apmdm_prompt", "apmdm_step", "apmdm_answer", "arm_prompt", "arm_step",
           "arm_answer", "lookback_profile", "edit_rows", "TASK"]

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "[SEP]", "0", "1", "I", "D", "Q", "+", "=", "~", "-",
               "✓", "_", *(chr(ord("a") + t) for t in range(edits.ALPHABET))])
(BOS, EOS, MASK, SEP, ZERO, ONE, INSERT, DELETE, QUERY, LOG_INSERT, LOG_UNMASK, LOG_REMASK,
 LOG_DELETE, DONE, FILL, LETTER) = range(16)


def _bits_needed(script):
    return (len(script.start) + len(script.edits) + 1).bit_length()


def _number(value, bits):
    return [ONE if c == "1" else ZERO for c in format(value, f"0{bits}b")]


def _header(script):
    bits = _bits_needed(script)
    entries = len(script.edits) + (script.query is not None)
    return [BOS] + [ONE] * bits + [SEP] + _number(entries, bits) + _number(len(script.start), bits) + [SEP]


def _entries(script, apmdm):
    bits = _bits_needed(script)
    tokens = []
    for edit in script.edits:
        op, cell = (INSERT, LETTER + edit[2]) if edit[0] == "insert" else (DELETE, FILL)
        tokens += [op] + _number(edit[1], bits) + [cell] + ([MASK] if apmdm else [])
    if script.query is not None:
        tokens += [QUERY] + _number(script.query, bits) + ([MASK, MASK] if apmdm else [FILL])
    return tokens


def apmdm_prompt(script):
    """Return header, script (with masked status cells), ``[SEP]``, start sequence."""
    start = [LETTER + t for t in script.start]
    return np.array(_header(script) + _entries(script, True) + [SEP] + start, dtype=np.int32)


def arm_prompt(script):
    """Return header, script, ``[SEP]``, start sequence, ``[SEP]``."""
    start = [LETTER + t for t in script.start]
    return np.array(_header(script) + _entries(script, False) + [SEP] + start + [SEP],
                    dtype=np.int32)


def _read_number(x, position, bits):
    value = 0
    for i in range(bits):
        value = 2 * value + (int(x[position + i]) - ZERO)
    return value


def _read_header(x):
    """Return (bits, entries, start length, first script position)."""
    bits = 0
    while int(x[1 + bits]) == ONE:
        bits += 1
    numbers = 2 + bits
    return (bits, _read_number(x, numbers, bits), _read_number(x, numbers + bits, bits),
            numbers + 2 * bits + 1)


def _edit(positions, tokens, ctrl):
    return Edit(np.array(positions, dtype=np.int64), np.array(tokens, dtype=np.int32),
                np.array(ctrl, dtype=np.uint8).reshape(-1, 3))


def apmdm_step(x):
    """One AP-MDM step of the edit process (None when every entry is done)."""
    bits, entries, _, first = _read_header(x)
    width = bits + 3
    working = first + entries * width + 1
    lo, hi = 0, entries  # statuses are written in order: find the first still masked
    while lo < hi:
        mid = (lo + hi) // 2
        if int(x[first + mid * width + width - 1]) != MASK:
            lo = mid + 1
        else:
            hi = mid
    if lo > 0:
        entry = first + (lo - 1) * width
        op = int(x[entry])
        if op in (INSERT, DELETE):
            target = working + _read_number(x, entry + 1, bits)
            if target < len(x) and int(x[target]) == MASK:  # finish the previous edit
                if op == INSERT:
                    return _edit([target], [int(x[entry + 1 + bits])], [(0, 0, 0)])
                return _edit([target], [FILL], [(0, 0, 1)])
    if lo == entries:
        return None
    entry = first + lo * width
    op, position, status = int(x[entry]), _read_number(x, entry + 1, bits), entry + width - 1
    if op == INSERT:
        before = working - 1 + position
        return _edit([status, before], [DONE, int(x[before])], [(0, 0, 0), (0, 1, 0)])
    if op == DELETE:
        return _edit([status, working + position], [DONE, FILL], [(0, 0, 0), (1, 0, 0)])
    return _edit([entry + 1 + bits, status], [int(x[working + position]), DONE],
                 [(0, 0, 0), (0, 0, 0)])


def apmdm_answer(final):
    """Read ``{"final", "token"}`` from a finished AP-MDM sequence (None if unfinished)."""
    bits, entries, _, first = _read_header(final)
    width = bits + 3
    working = first + entries * width + 1
    body = [int(t) for t in final[working:]]
    if any(t < LETTER for t in body):
        return None
    token = None
    if entries and int(final[first + (entries - 1) * width]) == QUERY:
        cell = int(final[first + (entries - 1) * width + 1 + bits])
        if cell < LETTER:
            return None
        token = cell - LETTER
    return {"final": [t - LETTER for t in body], "token": token}


def _arm_layout(x):
    """Return (bits, width, first entry, entries, has query, start position, log position)."""
    bits, entries, start_length, first = _read_header(x)
    width = bits + 2
    start = first + entries * width + 1
    has_query = entries > 0 and int(x[first + (entries - 1) * width]) == QUERY
    return bits, width, first, entries, has_query, start, start + start_length + 1


def arm_step(x, replay_from=0):
    """The next token of the ARM's log, final sequence, answer, then EOS.

    ``replay_from`` > 0 makes a broken ARM that ignores the first log entries when it
    replays (a test's negative control).
    """
    bits, width, first, entries, has_query, start, log = _arm_layout(x)
    log_entries = 2 * (entries - has_query)
    written = len(x) - log
    if written < log_entries * width:
        k, offset = divmod(written, width)
        entry = first + (k // 2) * width
        op, second = int(x[entry]), k % 2
        if offset == 0:
            if op == INSERT:
                return LOG_UNMASK if second else LOG_INSERT
            return LOG_DELETE if second else LOG_REMASK
        if offset <= bits:
            return int(x[entry + offset])
        return int(x[entry + 1 + bits]) if op == INSERT and second else FILL
    if written == log_entries * width:
        return SEP
    index = written - log_entries * width - 1
    final_length = _final_length(x, start, log, log_entries, width)
    if index < final_length:
        return _replay(x, index, bits, width, start, log, log_entries, replay_from)
    if index == final_length:
        return SEP
    if index == final_length + 1 and has_query:
        query = _read_number(x, first + (entries - 1) * width + 1, bits)
        return int(x[log + log_entries * width + 1 + query])  # read back its own output
    return EOS


def _final_length(x, start, log, log_entries, width):
    length = log - start - 1
    for k in range(log_entries):
        kind = int(x[log + k * width])
        length += (kind == LOG_INSERT) - (kind == LOG_DELETE)
    return length


def _replay(x, position, bits, width, start, log, log_entries, replay_from):
    """The token at final ``position``: walk the log backwards to where it was written."""
    for k in range(log_entries - 1, replay_from - 1, -1):
        entry = log + k * width
        kind = int(x[entry])
        if kind == LOG_REMASK:
            continue
        at = _read_number(x, entry + 1, bits)
        if kind == LOG_UNMASK and at == position:
            return int(x[entry + 1 + bits])
        if kind == LOG_DELETE and at <= position:
            position += 1
        elif kind == LOG_INSERT and at < position:
            position -= 1
    return int(x[start + position])


def arm_answer(final):
    """Read ``{"final", "token"}`` from a finished ARM sequence (None if it did not finish)."""
    if len(final) == 0 or int(final[-1]) != EOS:
        return None
    bits, width, first, entries, has_query, start, log = _arm_layout(final)
    begin = log + 2 * (entries - has_query) * width + 1
    body = []
    for t in final[begin:]:
        if int(t) == SEP:
            break
        body.append(int(t) - LETTER)
    token = int(final[-2]) - LETTER if has_query else None
    return {"final": body, "token": token}


class _RecordingSequence:
    """A read-only sequence that remembers which positions were read."""

    def __init__(self, x):
        self.x, self.read = x, set()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        self.read.add(int(index))
        return self.x[index]


def lookback_profile(policy, states):
    """Return, for each state, the number of distinct positions ``policy`` reads to decide its step."""
    counts = []
    for state in states:
        sequence = _RecordingSequence(state)
        policy(sequence)
        counts.append(len(sequence.read))
    return counts


def _lookback_details(states, policy, result, prompt_length):
    profile = lookback_profile(policy, states)
    return {"lookback": max(profile, default=0),
            "lookback_mean": round(float(np.mean(profile)), 2) if profile else 0.0,
            "reads_total": int(sum(profile)), "prompt_context": prompt_length,
            "extra_context": result.resources.peak_context - prompt_length}


def _apmdm_details(result, script):
    if result.stopped_by == "interrupted":  # Ctrl-C: no second run
        return {}
    prompt = apmdm_prompt(script)
    replay = run(APMDM(VOCAB), apmdm_step, prompt, max_steps=max(1, result.resources.steps),
                 record=True, check_stateless=False)  # the steps the run took, no more
    if replay.stopped_by == "interrupted":  # Ctrl-C during the replay ends the command too
        raise KeyboardInterrupt
    # one state at a time, rebuilt from the recorded steps: a list of them all would hold
    # about n² tokens (5.8 GB at n = 10^4)
    states = itertools.islice(replay.trace.iter_states(), replay.resources.steps)
    return _lookback_details(states, apmdm_step, result, len(prompt))


def _arm_details(result, script):
    prompt_length = len(arm_prompt(script))
    final = result.final
    states = [final[:prompt_length + t] for t in range(result.resources.steps)]
    return _lookback_details(states, arm_step, result, prompt_length)


def _apmdm_context(n):
    """Header, n + 1 entries (edits and query), SEP, a sequence of at most 2n, one mask."""
    bits = (2 * n + 1).bit_length()
    return 3 * bits + 3 + (n + 1) * (bits + 3) + 1 + 2 * n + 1


def _arm_steps(n):
    """Two log entries per edit, SEP, a final sequence of at most 2n, SEP, the token, EOS."""
    bits = (2 * n + 1).bit_length()
    return 2 * n * (bits + 2) + 2 * n + 4


TASK = Task(
    name="edits",
    summary="position tracking: AP-MDM edits in place; an ARM keeps an edit log and replays it",
    family=edits,
    processes={
        "apmdm": Process(lambda: APMDM(VOCAB), apmdm_prompt, apmdm_step, apmdm_answer,
                         steps_bound=lambda n: 2 * n + 2, context_bound=_apmdm_context,
                         details=_apmdm_details),
        "arm": Process(lambda: ARM(VOCAB), arm_prompt, arm_step, arm_answer,
                       steps_bound=_arm_steps,
                       context_bound=lambda n: _apmdm_context(n) + _arm_steps(n),
                       details=_arm_details),
    },
)
"""Position tracking; n is the longer of the start sequence and the edit series."""


def edit_rows(sizes, seed=0):
    """Run both machines on ``edits.generate(n, seed)`` for each n; one row per size.

    Each row: ``n``, ``edits``, ``correct`` (both right), and per machine (prefix
    ``apmdm_`` / ``arm_``) ``steps``, ``peak_context``, ``extra_context`` (peak minus
    prompt), ``lookback`` (most positions one step reads), ``lookback_mean``.
    """
    rows = []
    for n in sizes:
        script = edits.generate(n, as_rng(seed))
        row = {"n": n, "edits": len(script.edits), "correct": True}
        for machine in ("apmdm", "arm"):
            outcome = run_task(TASK, script, machine)
            row["correct"] = row["correct"] and bool(outcome.correct)
            row[f"{machine}_steps"] = outcome.result.resources.steps
            row[f"{machine}_peak_context"] = outcome.result.resources.peak_context
            for key in ("extra_context", "lookback", "lookback_mean"):
                row[f"{machine}_{key}"] = outcome.details[key]
        rows.append(row)
    return rows
