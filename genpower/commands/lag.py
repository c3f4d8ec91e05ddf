"""Run a lag system (Wang 1963; Schuurmans, Dai and Zanini 2024) from a rule file.

RULES is a JSON file

  {"rules": {"00": "0", "01": "1", "10": "1", "11": "0"}, "halt": [], "on_missing": "halt"}

or a text file with one 'window -> production' per line ('#' comments; 'halt:' and
'on_missing:' lines as for genpower tag). The window length m is the length of the
windows (all must agree). Each step reads the first m symbols, appends their production
and deletes the first symbol only. A word shorter than m, or starting with a halt symbol,
stops the run; a window without a rule is an error unless on_missing is 'halt'
(--on-missing halt; Wang's convention). Example:

  genpower lag examples/rules.txt --word abb
"""

from genpower.arguments import exit_status
from genpower.commands.tag import (add_queue_arguments, check_word, missing_rule_message,
                                 print_queue_result, read_rule_file)
from simulators.errors import MissingRuleError
from simulators.lag import make_lag_system, run_lag

HELP = "run a lag system (window of m symbols -> production, delete one) from a rule file"
ORDER = 22


def configure(parser):
    add_queue_arguments(parser, m_option=False)


def main(args):
    spec = read_rule_file(args.rules)
    system = make_lag_system(spec["rules"], m=spec["m"], halt=spec["halt"],
                             on_missing=args.on_missing or spec["on_missing"] or "error",
                             alphabet=spec["alphabet"])
    check_word(system.alphabet, args.word)
    try:
        result = run_lag(system, args.word, max_steps=args.max_steps,
                         max_length=args.max_length, record_steps=args.record)
    except MissingRuleError as error:
        raise MissingRuleError(missing_rule_message(error, "window"), word=error.word,
                               step=error.step, partial=error.partial) from None
    print_queue_result(result, args.json, system.window, full=args.full)
    return exit_status(result.stopped_by)
