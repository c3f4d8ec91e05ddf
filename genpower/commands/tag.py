"""Run an m-tag system (or a cyclic tag system) from a rule file.

RULES is a JSON file

  {"m": 2, "rules": {"a": "bc", "b": "a", "c": "aaa"}, "halt": ["h"], "on_missing": "error"}

or a text file with one 'lhs -> rhs' per line ('#' starts a comment; an empty right
side is the empty production) and optional 'm: 2', 'halt: h', 'on_missing: halt'
lines. Symbols are single characters unless a name is longer, in which case words are
written with spaces ('q0 q1'). --m overrides the file's m (default 2).

With --cyclic, RULES is a cyclic tag system: a JSON file {"appendants": ["011", "10"]},
a text file with one appendant per line, or the appendants inline, separated by commas
(011,10,101); white space inside an appendant is ignored. A cyclic tag system deletes
one bit per step and has a rule for every bit, so --m and --on-missing do not apply.

Conventions: a word shorter than m, or starting with a halt symbol, stops the run; a
symbol without a rule is an error unless on_missing is 'halt' (--on-missing halt).
Example (De Mol's Collatz system, 3 -> 5 -> 8 -> 4 -> 2 -> 1):

  genpower tag examples/collatz.json --word aaa
"""

import json
import os

from genpower.arguments import exit_status, nonnegative_int, positive_int
from simulators.errors import InputFormatError, InvalidArgumentError, MissingRuleError
from simulators.tag import make_cyclic_tag_system, make_tag_system, run_cyclic_tag, run_tag

HELP = "run an m-tag or cyclic tag system from a JSON or text rule file"
ORDER = 21

_WORD_SHOWN = 200
_NO_WHITESPACE = str.maketrans("", "", " \t\r\n\v\f")  # ignored in bit strings everywhere
_KEYS = {"m", "rules", "halt", "on_missing", "alphabet", "appendants"}


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InputFormatError(f"cannot read RULES file {path!r}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputFormatError(f"RULES file {path!r} is not UTF-8 text (byte {error.start} "
                               "cannot be decoded); give a JSON or text rule file") from None


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
                if not (value.isascii() and value.isdigit() and len(value) <= 9):
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
    spec = _parse_json(text, path) if text.lstrip().startswith("{") else _parse_text(text, path)
    if spec["appendants"] is not None:
        raise InputFormatError(f"{path}: key 'appendants' is for genpower tag --cyclic")
    if not spec["rules"]:
        raise InputFormatError(f"{path}: no rules; expected lines 'lhs -> rhs' or a JSON object "
                               "whose key 'rules' maps each left side to its production")
    return spec


def _appendants(source):
    if os.path.exists(source):
        text = _read(source)
        if text.lstrip().startswith("{"):
            appendants = _parse_json(text, source)["appendants"]
            if appendants is None:
                raise InputFormatError(f"{source}: expected key 'appendants'")
            return appendants
        lines = [line.split("#", 1)[0].translate(_NO_WHITESPACE) for line in text.split("\n")]
        return [line for line in lines if line]
    if not source.translate(_NO_WHITESPACE):
        raise InputFormatError("RULES is empty; give a file or the appendants separated by "
                               "commas, e.g. 011,10")
    return [item.translate(_NO_WHITESPACE) for item in source.split(",")]


def add_queue_arguments(parser, m_option):
    """Arguments shared by ``genpower tag`` and ``genpower lag``."""
    parser.add_argument("rules", metavar="RULES", help="JSON or text rule file")
    parser.add_argument("--word", required=True, help="initial word, e.g. aaa or 'q0 q1'")
    if m_option:
        parser.add_argument("--m", type=positive_int, default=None,
                            help="deletion number (default: the file's m, else 2)")
    parser.add_argument("--on-missing", choices=("error", "halt"), default=None,
                        help="what a missing rule does (default: the file's, else error)")
    parser.add_argument("--max-steps", type=positive_int, default=10**8, metavar="N",
                        help="stop after N productions (default 10^8)")
    parser.add_argument("--max-length", type=positive_int, default=10**8, metavar="L",
                        help="stop before the word grows past L symbols (default 10^8)")
    parser.add_argument("--record", type=nonnegative_int, default=0, metavar="K",
                        help="record the rule and word length of the first K steps")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--full", action="store_true",
                        help=f"print the whole final word (default: its first {_WORD_SHOWN:,} "
                        "symbols)")


def check_word(alphabet, word):
    """Refuse a --word that holds a symbol the rules do not define, naming the flag.

    Raises
    ------
    InvalidArgumentError
        If a symbol of ``word`` is not in ``alphabet``.
    """
    known = set(alphabet.names)
    for position, name in enumerate(alphabet.split(word)):
        if name not in known:
            raise InvalidArgumentError(f"--word {word!r}: symbol {name!r} at position {position} "
                                       f"does not occur in the rules (symbols: "
                                       f"{', '.join(alphabet.names)})")


def missing_rule_message(error, what):
    """Return the one-line CLI message for a MissingRuleError: it names --on-missing."""
    return (f"step {error.step}: no rule for {what} {error.word!r}; add a rule to RULES, "
            "declare a halt symbol, or pass --on-missing halt")


def print_queue_result(result, as_json, name_rule=str, full=False):
    """Print a :class:`simulators.tag.QueueResult` as text rows or one JSON object.

    The final word is cut to its first symbols unless ``full``.
    """
    data = result.as_dict(prefix=result.final_length if full else _WORD_SHOWN)
    if as_json:
        data["record_rule"] = [name_rule(value) for value in data["record_rule"]]
        print(json.dumps(data))
        return
    word = data["final_word_prefix"] + ("..." if data["final_word_truncated"] else "")
    for key in ("steps", "stopped_by", "halt_detail", "final_length", "peak_length",
                "appended", "deleted"):
        if data[key] is not None:
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
        for flag, value in (("--m", args.m), ("--on-missing", args.on_missing)):
            if value is not None:
                raise InvalidArgumentError(f"{flag} does not apply to --cyclic: a cyclic tag "
                                           "system deletes one bit per step and has a rule "
                                           "for every bit")
        system = make_cyclic_tag_system(_appendants(args.rules))
        if set(args.word) - {"0", "1"}:
            raise InvalidArgumentError(f"--word {args.word!r}: a cyclic tag word is a string "
                                       "of 0s and 1s")
        result = run_cyclic_tag(system, args.word, max_steps=args.max_steps,
                                max_length=args.max_length, record_steps=args.record)
        print_queue_result(result, args.json, full=args.full)
        return exit_status(result.stopped_by)
    spec = read_rule_file(args.rules)
    m = args.m if args.m is not None else (spec["m"] if spec["m"] is not None else 2)
    system = make_tag_system(spec["rules"], m=m, halt=spec["halt"],
                             on_missing=args.on_missing or spec["on_missing"] or "error",
                             alphabet=spec["alphabet"])
    check_word(system.alphabet, args.word)
    try:
        result = run_tag(system, args.word, max_steps=args.max_steps,
                         max_length=args.max_length, record_steps=args.record)
    except MissingRuleError as error:
        raise MissingRuleError(missing_rule_message(error, "the symbol"), word=error.word,
                               step=error.step, partial=error.partial) from None
    print_queue_result(result, args.json, lambda rule: system.alphabet.names[rule],
                       full=args.full)
    return exit_status(result.stopped_by)
