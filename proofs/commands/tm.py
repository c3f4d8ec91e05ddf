"""Run a Turing machine given in bbchallenge notation on a blank tape.

SPEC is one '_'-separated group per state, one 3-character transition per symbol
('1RB' = write 1, move right, go to B; '---' = undefined; a letter past the last
state halts). The step that enters the halt state counts; an undefined transition stops
the run and does not. Examples:

  genpower tm 1RB1LB_1LA1RZ                          # BB(2): 6 steps, 4 ones
  genpower tm 1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA --json
"""

import json

from proofs.arguments import nonnegative_int, positive_int
from simulators.tm import run_tm

HELP = "run a Turing machine in bbchallenge notation (e.g. 1RB1LB_1LA1RZ)"
ORDER = 20

_TAPE_SHOWN = 120


def configure(parser):
    parser.add_argument("spec", metavar="SPEC", help="the machine, e.g. 1RB1LB_1LA1RZ")
    parser.add_argument("--max-steps", type=positive_int, default=10**9, metavar="N",
                        help="stop after N steps (default 10^9)")
    parser.add_argument("--record", type=nonnegative_int, default=0, metavar="K",
                        help="record (state, head, symbol read) of the first K steps")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--via", choices=["lag"], help="run it as a lag system on an ARM "
                        "and read the TM run back (a Python ARM: keep --max-steps small; "
                        "default: run the TM directly)")
    parser.add_argument("--window", type=positive_int, metavar="W",
                        help="with --via lag: the ARM policy reads only the last W tokens "
                        "(default: the whole sequence)")


def main(args):
    if args.via == "lag":
        from proofs.commands._via_lag import main_via_lag
        return main_via_lag(args.spec, args.max_steps, args.window, args.json)
    result = run_tm(args.spec, max_steps=args.max_steps, record_steps=args.record)
    if args.json:
        print(json.dumps({"machine": args.spec.strip(), **result.as_dict()}))
        return 0
    tape = "".join(str(int(cell)) for cell in result.tape[:_TAPE_SHOWN])
    if len(result.tape) > _TAPE_SHOWN:
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
    return 0
