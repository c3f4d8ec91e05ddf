"""Plain-Python reference machines (TM, m-tag, cyclic tag, lag) for the Numba kernels.

Written for obviousness, not speed: a dict tape, a list queue, one step per loop turn, and
no code shared with ``simulators``.
"""

__all__ = ["reference_tm", "reference_tag", "reference_cyclic_tag", "reference_lag"]


def _parse(spec):
    table = {}
    groups = spec.split("_")
    for state, group in enumerate(groups):
        for symbol in range(len(group) // 3):
            text = group[3 * symbol:3 * symbol + 3]
            if text != "---":
                table[state, symbol] = (int(text[0]), 1 if text[1] == "R" else -1,
                                        ord(text[2]) - ord("A"))
    return table, len(groups)


def reference_tm(spec, max_steps, record_steps=0, max_tape=None):
    """Run a bbchallenge-notation TM on a blank tape; return a dict of the run's fields.

    A step that would make the head's positions span more than ``max_tape`` cells is not
    taken (``stopped_by="max_tape"``)."""
    table, n_states = _parse(spec)
    tape = {}
    head = state = steps = 0
    low = high = 0
    stopped_by = "max_steps"
    records = []
    while steps < max_steps:
        symbol = tape.get(head, 0)
        if (state, symbol) not in table:
            stopped_by = "missing_rule"
            break
        target = head + table[state, symbol][1]
        if max_tape is not None and max(high, target) - min(low, target) + 1 > max_tape:
            stopped_by = "max_tape"
            break
        if len(records) < record_steps:
            records.append((state, head, symbol))
        write, move, state = table[state, symbol]
        tape[head] = write
        head += move
        low, high = min(low, head), max(high, head)
        steps += 1
        if state >= n_states:
            stopped_by = "halted"
            break
    return {
        "halted": stopped_by == "halted",
        "steps": steps,
        "ones": sum(1 for value in tape.values() if value != 0),
        "tape_span": (low, high),
        "final_state": chr(ord("A") + state),
        "head": head,
        "stopped_by": stopped_by,
        "tape": [tape.get(cell, 0) for cell in range(low, high + 1)],
        "records": records,
    }


def _queue_run(word, step, max_steps, max_length, record_steps):
    """Drive ``step(word) -> (stop_reason or None, rule, production, n_deleted)``."""
    word = list(word)
    steps = appended = 0
    peak = len(word)
    records = []
    stopped_by, detail = "max_steps", None
    while steps < max_steps:
        reason, rule, production, n_deleted = step(word, steps)
        if reason is not None:
            stopped_by, detail = (("missing_rule", None) if reason == "missing_rule"
                                  else ("halted", reason))
            break
        if max_length is not None and len(word) + len(production) - n_deleted > max_length:
            stopped_by = "max_context"
            break
        if len(records) < record_steps:
            records.append((rule, len(word)))
        word = word + list(production)
        word = word[n_deleted:]
        appended += len(production)
        steps += 1
        peak = max(peak, len(word))
    return {"steps": steps, "stopped_by": stopped_by, "halt_detail": detail, "word": word,
            "peak": peak,
            "appended": appended, "records": records}


def reference_tag(rules, m, halt, word, max_steps, max_length=None, record_steps=0):
    """Run an m-tag system given as ``{symbol: production list}`` on a list of symbols.

    Halting words, tested in order: length < m, halt symbol in front, no production
    (reported as "missing_rule").
    """
    def step(current, _):
        if len(current) < m:
            return "short_word", None, None, None
        if current[0] in halt:
            return "halt_symbol", None, None, None
        if current[0] not in rules:
            return "missing_rule", None, None, None
        return None, current[0], rules[current[0]], m

    return _queue_run(word, step, max_steps, max_length, record_steps)


def reference_cyclic_tag(appendants, word, max_steps, max_length=None, record_steps=0):
    """Run a cyclic tag system (appendants as lists of bits) on a list of bits."""
    def step(current, steps):
        if not current:
            return "empty", None, None, None
        index = steps % len(appendants)
        if current[0] == 1:
            return None, index, appendants[index], 1
        return None, -1, [], 1

    return _queue_run(word, step, max_steps, max_length, record_steps)


def reference_lag(rules, m, halt, word, max_steps, max_length=None, record_steps=0):
    """Run a lag system given as ``{window tuple: production list}`` on a list of symbols.

    Records hold the window tuple (the kernel records its base-|alphabet| code).
    """
    def step(current, _):
        if len(current) < m:
            return "short_word", None, None, None
        if current[0] in halt:
            return "halt_symbol", None, None, None
        window = tuple(current[:m])
        if window not in rules:
            return "missing_rule", None, None, None
        return None, window, rules[window], 1

    return _queue_run(word, step, max_steps, max_length, record_steps)
