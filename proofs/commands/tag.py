"""Run an m-tag system (or a cyclic tag system) from a rule file.

usage: genpower tag RULES --word WORD [--m M] [--on-missing {error,halt}]
                    [--max-steps N] [--max-length L] [--record K] [--json] [--cyclic]

RULES is a JSON file

  {"m": 2, "rules": {"a": "bc", "b": "a", "c": "aaa"}, "halt": ["h"], "on_missing": "error"}

or a text file with one ``lhs -> rhs`` per line (``#`` starts a comment; an empty right
side is the empty production) and optional ``m: 2``, ``halt: h``, ``on_missing: halt``
lines. Symbols are single characters unless a name is longer, in which case words are
written with spaces (``q0 q1``). ``--m`` overrides the file's m (default 2).

With ``--cyclic``, RULES is a cyclic tag system: a JSON file ``{"appendants": ["011",
"10"]}``, a text file with one appendant per line, or the appendants inline, separated by
commas (``011,10,101``).

Conventions (see simulators/tag.py): a word shorter than m, or starting with a halt
symbol, stops the run; a symbol without a rule is an error unless ``on_missing`` is
``halt``. Example (De Mol's Collatz system, 3 -> 5 -> 8 -> 4 -> 2 -> 1):

  genpower tag collatz.json --word aaa
"""

import json
import os

from simulators.errors import InputFormatError
from simulators.tag import make_cyclic_tag_system, make_tag_system, run_cyclic_tag, run_tag

HELP = "run an m-tag or cyclic tag system from a JSON or text rule file"
ORDER = 21

_WORD_SHOWN = 200
_KEYS = {"m", "rules", "halt", "on_missing", "alphabet", "appendants"}


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InputFormatError(f"cannot read RULES file {path!r}: {error.strerror}") from None


def _parse_json(text, path):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputFormatError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno})") from None
    if not isinstance(data, dict):
        raise InputFormatError(f"{path}: expected a JSON object with key 'rules'")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputFormatError(
            f"{path}: unknown key {unknown[0]!r}; expected some of {', '.join(sorted(_KEYS))}")
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(
            isinstance(value, (str, list)) for value in rules.values()):
        raise InputFormatError(
            f"{path}: key 'rules' must map each left side to a string or a list of names")
    m = data.get("m")
    if m is not None and (isinstance(m, bool) or not isinstance(m, int)):
        raise InputFormatError(f"{path}: key 'm' must be an integer, got {m!r}")
    halt = data.get("halt", [])
    if isinstance(halt, str):
        halt = [halt]
    if not isinstance(halt, list) or not all(isinstance(name, str) for name in halt):
        raise InputFormatError(f"{path}: key 'halt' must be a list of symbol names")
    on_missing = data.get("on_missing")
    if on_missing not in (None, "error", "halt"):
        raise InputFormatError(f"{path}: key 'on_missing' must be 'error' or 'halt'")
    alphabet = data.get("alphabet")
    if alphabet is not None and not isinstance(alphabet, str) and (
            not isinstance(alphabet, list) or not all(isinstance(n, str) for n in alphabet)):
        raise InputFormatError(f"{path}: key 'alphabet' must be a list of symbol names")
    appendants = data.get("appendants")
    if appendants is not None and (not isinstance(appendants, list) or not all(
            isinstance(item, str) for item in appendants)):
        raise InputFormatError(f"{path}: key 'appendants' must be a list of bit strings")
    return {"rules": rules, "m": m, "halt": halt, "on_missing": on_missing,
            "alphabet": alphabet, "appendants": appendants}


def _parse_text(text, path):
    spec = {"rules": {}, "m": None, "halt": [], "on_missing": None, "alphabet": None,
            "appendants": None}
    first_line = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "->" not in line:
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if not sep or key not in ("m", "halt", "on_missing"):
                raise InputFormatError(
                    f"{path} line {number}: expected 'lhs -> rhs' or 'm:', 'halt:', "
                    f"'on_missing:', got {raw.strip()!r}")
            if key == "m":
                if not value.isdigit():
                    raise InputFormatError(f"{path} line {number}: m must be an integer")
                spec["m"] = int(value)
            elif key == "halt":
                spec["halt"].extend(value.split() if " " in value or len(value) <= 1 else
                                    [value])
            else:
                if value not in ("error", "halt"):
                    raise InputFormatError(
                        f"{path} line {number}: on_missing must be 'error' or 'halt'")
                spec["on_missing"] = value
            continue
        lhs, _, rhs = line.partition("->")
        lhs, rhs = lhs.strip(), rhs.strip()
        if not lhs:
            raise InputFormatError(f"{path} line {number}: empty left side in {raw.strip()!r}")
        if "->" in rhs:
            raise InputFormatError(f"{path} line {number}: more than one '->'")
        if lhs in first_line:
            raise InputFormatError(
                f"{path} line {number}: second rule for {lhs!r} (first on line "
                f"{first_line[lhs]})")
        first_line[lhs] = number
        spec["rules"][lhs] = rhs
    return spec


def read_rule_file(path):
    """Read a JSON or text rule file into a dict (rules, m, halt, on_missing, ...).

    Raises
    ------
    InputFormatError
        If the file cannot be read or a line/key is malformed (the message names it).
    """
    text = _read(path)
    if text.lstrip().startswith("{"):
        return _parse_json(text, path)
    return _parse_text(text, path)


def _appendants(source):
    if os.path.exists(source):
        text = _read(source)
        if text.lstrip().startswith("{"):
            appendants = _parse_json(text, source)["appendants"]
            if appendants is None:
                raise InputFormatError(f"{source}: expected key 'appendants'")
            return appendants
        return [line.split("#", 1)[0].strip() for line in text.splitlines()
                if line.split("#", 1)[0].strip()]
    return source.split(",")


def add_queue_arguments(parser, m_option):
    """Arguments shared by ``genpower tag`` and ``genpower lag``."""
    parser.add_argument("rules", metavar="RULES", help="JSON or text rule file")
    parser.add_argument("--word", required=True, help="initial word, e.g. aaa or 'q0 q1'")
    if m_option:
        parser.add_argument("--m", type=int, default=None,
                            help="deletion number (default: the file's m, else 2)")
    parser.add_argument("--on-missing", choices=("error", "halt"), default=None,
                        help="what a missing rule does (default: the file's, else error)")
    parser.add_argument("--max-steps", type=int, default=10**8, metavar="N",
                        help="stop after N productions (default 10^8)")
    parser.add_argument("--max-length", type=int, default=10**8, metavar="L",
                        help="stop before the word grows past L symbols (default 10^8)")
    parser.add_argument("--record", type=int, default=0, metavar="K",
                        help="record the rule and word length of the first K steps")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def print_queue_result(result, as_json, name_rule=str):
    """Print a :class:`simulators.tag.QueueResult` as text rows or one JSON object."""
    data = result.as_dict(prefix=_WORD_SHOWN)
    if as_json:
        data["record_rule"] = [name_rule(value) for value in data["record_rule"]]
        print(json.dumps(data))
        return
    word = data["final_word_prefix"] + ("..." if data["final_word_truncated"] else "")
    for key in ("steps", "stopped_by", "final_length", "peak_length", "appended", "deleted"):
        print(f"{key:<12} {data[key]}")
    print(f"{'final_word':<12} {word}")
    for rule, length in zip(data["record_rule"], data["record_length"]):
        print(f"{'step':<12} rule {name_rule(rule)} length {length}")


def configure(parser):
    add_queue_arguments(parser, m_option=True)
    parser.add_argument("--cyclic", action="store_true",
                        help="RULES is a cyclic tag system (file or comma-separated list)")


def main(args):
    if args.cyclic:
        system = make_cyclic_tag_system(_appendants(args.rules))
        result = run_cyclic_tag(system, args.word, max_steps=args.max_steps,
                                max_length=args.max_length, record_steps=args.record)
        print_queue_result(result, args.json)
        return 0
    spec = read_rule_file(args.rules)
    m = args.m if args.m is not None else (spec["m"] if spec["m"] is not None else 2)
    system = make_tag_system(spec["rules"], m=m, halt=spec["halt"],
                             on_missing=args.on_missing or spec["on_missing"] or "error",
                             alphabet=spec["alphabet"])
    result = run_tag(system, args.word, max_steps=args.max_steps, max_length=args.max_length,
                     record_steps=args.record)
    print_queue_result(result, args.json, lambda rule: system.alphabet.names[rule])
    return 0
