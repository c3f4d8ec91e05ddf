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
from simulators.errors import InvalidArgumentError, MissingRuleError
from simulators.files import read_text
from simulators.rule_file import parse_appendants, read_rule_file
from simulators.tag import make_cyclic_tag_system, make_tag_system, run_cyclic_tag, run_tag

HELP = "run an m-tag or cyclic tag system from a JSON or text rule file"
ORDER = 21

_WORD_SHOWN = 200


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


def run_and_print(run, system, args, what, name_rule):
    """Check ``--word``, run ``system`` with the flags of :func:`add_queue_arguments` and
    print the result; a missing rule becomes a one-line message that names --on-missing.

    Raises
    ------
    InvalidArgumentError
        If ``--word`` holds a symbol the rules do not define.
    MissingRuleError
        If the system errs on a missing rule (``what`` names it: the symbol, window).
    """
    check_word(system.alphabet, args.word)
    try:
        result = run(system, args.word, max_steps=args.max_steps,
                     max_length=args.max_length, record_steps=args.record)
    except MissingRuleError as error:
        raise MissingRuleError(
            f"step {error.step}: no rule for {what} {error.word!r}; add a rule to RULES, "
            "declare a halt symbol, or pass --on-missing halt", word=error.word,
            step=error.step, partial=error.partial) from None
    print_queue_result(result, args.json, name_rule, full=args.full)
    return exit_status(result.stopped_by)


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
        if os.path.exists(args.rules):  # a file, or the appendants inline
            appendants = parse_appendants(read_text(args.rules, "RULES file"), args.rules)
        else:
            appendants = parse_appendants(args.rules)
        system = make_cyclic_tag_system(appendants)
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
    return run_and_print(run_tag, system, args, "the symbol",
                         lambda rule: system.alphabet.names[rule])
