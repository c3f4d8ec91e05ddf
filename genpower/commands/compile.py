"""Run a compiled construction of the paper's theorems next to its source and compare them.

Constructions:

  pram-to-mdm PROGRAM (Theorem 1) and pram-to-apmdm PROGRAM (Theorem 4): PROGRAM is a
    PRAM library program (as in genpower pram; same --input formats). The PRAM and the
    compiled machine run on the same input; correct says whether the outputs agree.
    JSON keys: construction, program, correct, source (P, T, work, memory), target
    (the run's resources and stopped_by), bound (the theorem's steps and context for
    this program) and ratios (steps_per_T and context_per_PT or context_per_S).
  mdm-to-masked-arm TASK (Theorem 3): TASK is a task with an MDM process (parity: the
    reduction tree) or a PRAM program compiled by Theorem 1; both runs' resources,
    whether the final canvases and the logged steps agree, and Masked-ARM steps per
    MDM token.
  counter --context S (Theorem 2): steps a counter reaches at context S; apmdm counts
    in binary by remask and unmask (2(2^S - 1) steps), mdm in unary (S steps, the most
    an MDM can), with Theorem 2's budget laws checked on the run.

Examples:

  genpower compile pram-to-mdm tree_sum --n 64 --seed 1 --json
  genpower compile counter --context 12

Exit status: 0 when target and source agree, 1 when they differ, 3 when a limit cut
the run short, 130 on Ctrl-C (what was run is printed), 2 for bad input.
"""

import json

from genpower.arguments import exit_status, nonnegative_int, positive_int
from simulators.files import read_text

HELP = "run a theorem's compiled machine next to its source (PRAM->MDM, PRAM->AP-MDM, ...)"
ORDER = 45


def configure(parser):
    commands = parser.add_subparsers(dest="construction", metavar="CONSTRUCTION", required=True)
    for name, theorem in (("pram-to-mdm", "Theorem 1"), ("pram-to-apmdm", "Theorem 4")):
        sub = commands.add_parser(name, help=f"{theorem}: a PRAM library program compiled")
        sub.add_argument("program", metavar="PROGRAM", help="a PRAM library program")
        source = sub.add_mutually_exclusive_group(required=True)
        source.add_argument("--n", type=positive_int, help="generate a random instance of this size")
        source.add_argument("--input", metavar="FILE", help="read the instance ('-': stdin)")
        sub.add_argument("--seed", type=nonnegative_int, default=0, help="seed for --n")
        sub.add_argument("--max-steps", type=positive_int, default=None, help="step limit of the target")
        sub.add_argument("--json", action="store_true", help="print one JSON object")
    sub = commands.add_parser("mdm-to-masked-arm", help="Theorem 3: an MDM task re-run "
                              "left to right")
    sub.add_argument("task", metavar="TASK", help="an MDM task (parity) or a PRAM program (via Theorem 1)")
    sub.add_argument("--n", type=positive_int, required=True, help="instance size")
    sub.add_argument("--seed", type=nonnegative_int, default=0, help="seed")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    sub = commands.add_parser("counter", help="Theorem 2: steps reached at context S")
    sub.add_argument("--context", type=positive_int, required=True, metavar="S", help="context length")
    sub.add_argument("--machine", choices=["apmdm", "mdm"], default="apmdm",
                     help="which machine counts")
    sub.add_argument("--json", action="store_true", help="print one JSON object")


def _print(report, json_output, lines):
    if json_output:
        print(json.dumps(report))
    else:
        for name, value in lines:
            print(f"{name:<16} {value}")


def _pram(args):
    from proofs.constructions.pram_comparison import compare_with_pram
    from proofs.constructions.pram_inputs import pram_instance
    from proofs.constructions.pram_to_apmdm import pram_to_apmdm
    from proofs.constructions.pram_to_mdm import pram_to_mdm
    text = read_text(args.input, "--input") if args.input is not None else None
    program, cells = pram_instance(args.program, n=args.n, seed=args.seed, text=text)
    mdm = args.construction == "pram-to-mdm"
    options = {} if args.max_steps is None else {"max_steps": args.max_steps}
    comparison = compare_with_pram(pram_to_mdm if mdm else pram_to_apmdm, program, cells,
                                   **options)
    source, compiled, result, correct = (comparison.source, comparison.compiled,
                                         comparison.result, comparison.correct)
    row = comparison.row(args.n)
    steps, context = row["steps"], row["peak_context"]
    ratios = {key: row[key] for key in ("steps_per_T",
                                        "context_per_PT" if mdm else "context_per_S")}
    report = {"construction": args.construction, "program": args.program,
              "correct": correct,
              "source": {"P": source.processors, "T": source.parallel_time,
                         "work": source.work, "memory": source.memory_cells},
              "target": result.resources.as_dict() | {"stopped_by": result.stopped_by,
                                                      "machine": result.machine.name},
              "bound": {key: value for key, value in compiled.bound.items()},
              "ratios": ratios}
    verdict = {True: "agrees with the PRAM", False: "DISAGREES with the PRAM",
               None: "not checked (cut short)"}[correct]
    _print(report, args.json, [
        ("construction", f"{args.construction}: {program.name} on {result.machine.name}"),
        ("output", verdict),
        ("source", "  ".join(f"{k} {v}" for k, v in report["source"].items())),
        ("target", f"steps {steps}  peak context {context}  stopped by {result.stopped_by}"),
        ("bound", "  ".join(f"{k} {v}" for k, v in report["bound"].items())),
        ("ratios", "  ".join(f"{k} {v:.3f}" for k, v in ratios.items()))])
    return exit_status(result.stopped_by, correct)


def _masked_arm(args):
    from proofs.constructions.mdm_to_masked_arm import compare, mdm_source
    from simulators.interrupts import run_stoppably

    row = run_stoppably(lambda: compare(*mdm_source(args.task, args.n, args.seed)))  # two runs
    correct = row["same_canvas"] and row["same_steps"]
    report = {"construction": "mdm-to-masked-arm", "task": args.task, "n": args.n,
              "correct": correct} | row
    _print(report, args.json, [
        ("construction", f"mdm-to-masked-arm: {args.task} (n = {args.n})"),
        ("agree", f"final canvas {row['same_canvas']}  logged steps {row['same_steps']}"),
        ("mdm", f"steps {row['mdm_steps']}  tokens {row['mdm_tokens']}  context "
                f"{row['mdm_context']}  most tokens in a step {row['mdm_max_parallel']}"),
        ("masked-arm", f"steps {row['marm_steps']}  context {row['marm_context']}"),
        ("steps/token", f"{row['steps_per_token']:.3f}")])
    return 0 if correct else 1


def _counter(args):
    from proofs.constructions.mdm_budget import counter, counter_value, mdm_budget
    from simulators.run import run
    machine, policy, prompt = counter(args.context, args.machine)
    result = run(machine, policy, prompt, max_steps=1 << (args.context + 2))
    report = {"construction": "counter", "machine": args.machine, "context": args.context,
              "steps": result.resources.steps, "peak_context": result.resources.peak_context,
              "count": counter_value(result.final, args.machine), "stopped_by": result.stopped_by,
              "mdm_budget": mdm_budget(result) if args.machine == "mdm" else None}
    _print(report, args.json, [
        ("counter", f"{args.machine} at context {args.context}"),
        ("steps", f"{report['steps']:,}"),
        ("count", "none (stopped mid-step)" if report["count"] is None else f"{report['count']:,}"),
        ("peak context", report["peak_context"]), ("stopped by", report["stopped_by"])])
    return exit_status(result.stopped_by)


def main(args):
    if args.construction in ("pram-to-mdm", "pram-to-apmdm"):
        return _pram(args)
    if args.construction == "mdm-to-masked-arm":
        return _masked_arm(args)
    return _counter(args)
