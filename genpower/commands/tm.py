"""Run a Turing machine given in bbchallenge notation on a blank tape.

SPEC is one '_'-separated group per state, one 3-character transition per symbol
('1RB' = write 1, move right, go to B; '---' = undefined; a letter past the last
state halts). The step that enters the halt state counts; an undefined transition
stops the run and does not. A SPEC that starts with '-' goes after '--', or it reads
as an option: genpower tm -- ---1LB_1LA1RZ. Examples:

  genpower tm 1RB1LB_1LA1RZ                          # BB(2): 6 steps, 4 ones
  genpower tm 1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA --json
  genpower tm 1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA --macro 3   # the same run, far faster

--macro K runs the machine as a macro machine over blocks of K cells on a run-length
encoded tape (memoised block transitions, one step over a whole run of equal blocks):
the same steps, ones, tape and stop as the plain engine, which executes every step.
"""

import json

from genpower.arguments import exit_status, nonnegative_int, positive_int
from simulators.errors import InvalidArgumentError
from simulators.tm import run_tm

HELP = "run a Turing machine in bbchallenge notation (e.g. 1RB1LB_1LA1RZ)"
ORDER = 20

_TAPE_SHOWN = 120


def configure(parser):
    parser.add_argument("spec", metavar="SPEC", help="the machine, e.g. 1RB1LB_1LA1RZ; one "
                        "that starts with '-' goes after '--': genpower tm -- ---_1LA...")
    parser.add_argument("--max-steps", type=positive_int, default=10**9, metavar="N",
                        help="stop after N steps (default 10^9)")
    parser.add_argument("--record", type=nonnegative_int, default=0, metavar="K",
                        help="record (state, head, symbol read) of the first K steps")
    parser.add_argument("--max-tape", type=positive_int, default=None, metavar="CELLS",
                        help="stop (stopped_by max_tape, exit 3) instead of a step that would "
                        "make the visited cells span more than CELLS (default 10^8)")
    parser.add_argument("--full", action="store_true",
                        help=f"print the whole tape (default: its first {_TAPE_SHOWN} cells)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--macro", type=positive_int, metavar="K",
                        help="run as a macro machine over blocks of K cells, the tape kept "
                        "as runs of equal blocks: the same result, much faster on machines "
                        "that sweep over long runs (default: plain, every step executed)")
    parser.add_argument("--via", choices=["lag"], help="run it as a lag system on an ARM "
                        "and read the TM run back (a Python ARM: keep --max-steps small; "
                        "default: run the TM directly)")
    parser.add_argument("--window", type=positive_int, metavar="W",
                        help="with --via lag: the ARM policy reads only the last W tokens "
                        "(default: the whole sequence)")


def main(args):
    if args.macro is not None and args.via is not None:
        raise InvalidArgumentError(f"--macro does not apply to --via {args.via}: that run "
                                   "goes step by step through an ARM")
    if args.macro is not None and args.record:
        raise InvalidArgumentError("--macro does not apply to --record: a macro run does not "
                                   "execute steps one by one; record without --macro")
    if args.via is None and args.window is not None:
        raise InvalidArgumentError("--window applies only to --via lag (the ARM's window)")
    if args.via == "lag" and (args.record or args.max_tape is not None):
        flag = "--record" if args.record else "--max-tape"
        raise InvalidArgumentError(f"{flag} does not apply to --via lag: that run is an ARM "
                                   "writing a lag system's word; use --max-steps")
    if args.via == "lag":
        from genpower.commands._via_lag import main_via_lag
        return main_via_lag(args.spec, args.max_steps, args.window, args.json)
    result = run_tm(args.spec, max_steps=args.max_steps, record_steps=args.record,
                    max_tape=10**8 if args.max_tape is None else args.max_tape,
                    macro=args.macro)
    status = exit_status(result.stopped_by)
    shown = None if args.full else _TAPE_SHOWN
    if args.json:
        print(json.dumps({"machine": args.spec.strip(), **result.as_dict(shown)}))
        return status
    tape = "".join(map(str, result.tape[:shown].tolist()))
    if len(tape) < len(result.tape):
        tape += f"... ({len(result.tape)} cells)"
    rows = [
        ("machine", args.spec.strip()),
        ("stopped_by", result.stopped_by),
        ("halted", "yes" if result.halted else "no"),
        ("steps", f"{result.steps:,}"),
        ("ones", f"{result.ones:,}"),
        ("final_state", result.final_state),
        ("head", result.head),
        ("tape_span", f"{result.tape_span[0]}..{result.tape_span[1]}"),
        ("tape", tape),
    ]
    for state, head, symbol in zip(result.record_state, result.record_head,
                                   result.record_symbol):
        rows.append(("step", f"state {chr(ord('A') + int(state))} head {int(head)} "
                             f"read {int(symbol)}"))
    for name, value in rows:
        print(f"{name:<12} {value}")
    return status
