"""Run a lag system (Wang 1963; Schuurmans, Dai and Zanini 2024) from a rule file.

usage: genpower lag RULES --word WORD [--on-missing {error,halt}]
                    [--max-steps N] [--max-length L] [--record K] [--json]

RULES is a JSON file

  {"rules": {"00": "0", "01": "1", "10": "1", "11": "0"}, "halt": [], "on_missing": "halt"}

or a text file with one ``window -> production`` per line (``#`` comments; ``halt:`` and
``on_missing:`` lines as for ``genpower tag``). The window length m is the length of the
windows (all must agree). Each step reads the first m symbols, appends their production
and deletes the first symbol only. A word shorter than m, or starting with a halt symbol,
stops the run; a window without a rule is an error unless ``on_missing`` is ``halt``
(Wang's convention). Example:

  genpower lag xor.json --word 0110 --max-steps 4
"""

from proofs.commands.tag import add_queue_arguments, print_queue_result, read_rule_file
from simulators.errors import InputFormatError
from simulators.lag import make_lag_system, run_lag

HELP = "run a lag system (window of m symbols -> production, delete one) from a rule file"
ORDER = 22


def configure(parser):
    add_queue_arguments(parser, m_option=False)


def main(args):
    spec = read_rule_file(args.rules)
    if spec["appendants"] is not None:
        raise InputFormatError(f"{args.rules}: key 'appendants' is for genpower tag --cyclic")
    system = make_lag_system(spec["rules"], m=spec["m"], halt=spec["halt"],
                             on_missing=args.on_missing or spec["on_missing"] or "error",
                             alphabet=spec["alphabet"])
    result = run_lag(system, args.word, max_steps=args.max_steps, max_length=args.max_length,
                     record_steps=args.record)
    print_queue_result(result, args.json, system.window)
    return 0
