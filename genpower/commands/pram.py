"""Run a program of the PRAM library on a generated or given input and report P, T, work, memory.

PROGRAM is one of: prefix_sum_hillis_steele, prefix_sum_blelloch, tree_sum, parity,
list_ranking, connectivity, dyck, circuit_value. --n generates a random instance of
size N from --seed; --input reads one from FILE ('-' for standard input). --mode runs
under another access mode than the program's own (a weaker one may raise a memory
conflict, which is reported with exit status 2).

Input file formats (white space is space, tab and line breaks; other characters,
such as a no-break space, are refused):

  prefix_sum_*, tree_sum  integers separated by white space, e.g. 3 -1 4 1 5
  parity                  a string of 0/1 bits; white space is ignored, e.g. 1011 0010
  list_ranking            the successor of each node 0..n-1; a tail is its own
                          successor and every node must reach one, e.g. 2 3 1 3
  connectivity            first line the number of vertices n, then one edge 'u v'
                          per line (vertices 0..n-1)
  dyck                    a bracket string such as ([]{}); the bracket types are the
                          opener/closer pairs of --pairs; white space is ignored
  circuit_value           first line the input bits; then one line per layer, gates
                          separated by commas, each 'AND i j', 'OR i j' or 'NOT i',
                          where index j < #inputs is an input bit and #inputs + g is
                          gate g (numbered layer by layer), e.g.
                            101
                            AND 0 1, NOT 2
                            OR 3 4

Output: the program's output, its mode, P (most processors in a step), T (parallel
steps), work (processor-steps), memory (cells touched), peak concurrent reads, and
whether it agrees with the family's reference solver. --json prints these as one JSON
object with keys program, input_cells, output, mode, processors (P), parallel_time
(T), work, memory_cells, peak_concurrent_reads, stopped_by, correct: the names of the
Python result (simulators.pram.PramResult). Exit status: 0 agrees, 1 disagrees, 3 cut
short by --max-steps, 2 bad input, 130 interrupted by Ctrl-C (the partial result is
printed).
"""

import argparse
import json

from genpower.arguments import exit_status, nonnegative_int, positive_int
from proofs.pram_tasks import (PRAM_TASKS, check_instance, generate_instance, get_pram_task,
                               run_pram_task)
from simulators.errors import InvalidArgumentError
from simulators.files import read_text
from simulators.pram import MODES
from theory.families.one_sided_dyck import DEFAULT_PAIRS

HELP = "run a PRAM library program (prefix sums, connectivity, Dyck, ...) and count P, T, work"
ORDER = 40

__all__ = ["configure", "main"]


def configure(parser: argparse.ArgumentParser):
    parser.add_argument("program", metavar="PROGRAM", help="one of: " + ", ".join(PRAM_TASKS))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--n", type=positive_int, help="generate a random instance of this size")
    source.add_argument("--input", metavar="FILE", help="read the instance from FILE ('-': stdin)")
    parser.add_argument("--seed", type=nonnegative_int, default=0, help="seed for --n")
    parser.add_argument("--mode", choices=MODES, help="access mode (default: the program's)")
    parser.add_argument("--pairs", default=None,
                        help=f"dyck only: bracket types as opener/closer pairs (default "
                        f"{DEFAULT_PAIRS})")
    parser.add_argument("--max-steps", type=positive_int,
                        help="stop after this many parallel steps (default: run to the end)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _options(args, task):
    if args.pairs is None:
        return {}
    if "pairs" not in task.options:
        raise InvalidArgumentError(f"--pairs applies to dyck only, not to {args.program}")
    return {"pairs": args.pairs}


def _instance(args):
    task = get_pram_task(args.program)
    options = _options(args, task)
    if args.n is not None:
        return generate_instance(args.program, args.n, args.seed, **options)
    text = read_text(args.input, "--input")
    instance = task.family.parse(text, **options)
    check_instance(args.program, instance)
    return instance


def main(args):
    instance = _instance(args)
    run = run_pram_task(args.program, instance, mode=args.mode, max_steps=args.max_steps)
    result, answer, correct = run.result, run.result.output.tolist(), run.correct
    report = {"program": args.program, "input_cells": run.program.input_length,
              **result.as_dict(), "correct": correct}
    status = exit_status(result.stopped_by, correct)
    if args.json:
        print(json.dumps(report))
        return status
    shown = " ".join(map(str, answer[:32])) + (" ..." if len(answer) > 32 else "")
    verdict = {True: "agrees with the reference", False: "DISAGREES with the reference",
               None: f"not checked (stopped by {result.stopped_by})"}[correct]
    print(f"{run.program.name} under {result.mode}: {verdict}")
    print(f"output   {shown}")
    print(f"P {result.processors}  T {result.parallel_time}  work {result.work}  "
          f"memory {result.memory_cells}  peak concurrent reads "
          f"{result.peak_concurrent_reads}  stopped by {result.stopped_by}")
    return status
