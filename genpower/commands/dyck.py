"""Two-sided Dyck-k (Theorem 5): the language's size per length, the AP-MDM sampler's exact
support, and how much of it a left-to-right sampler with a window of W letters can cover.

Without options it prints the number of members of each even length up to L (dynamic
programming, exact). --support explores every choice of the AP-MDM sampler (all gaps,
all pairs) for each length and compares the number of distinct words it can write with
the language's; exit status 1 if they differ anywhere. --window W measures the window-W
left-to-right sampler: the members it covers per length, the first it misses, and a
witness that no sound window-W sampler covers them all. --json prints one object with
counts (length -> distinct sampler words, with --support), language_counts (length ->
members) and arm (with --window). Examples:

  genpower dyck --k 2 --max-len 12 --support
  genpower dyck --max-len 10 --window 3 --json
  genpower run dyck --k 2 --n 20 --seed 7       # sample one word
"""

import json
import math

from genpower.arguments import nonnegative_int, positive_int
from simulators.validation import check_memory

HELP = "two-sided Dyck-k: language counts, the AP-MDM sampler's exact support, window-ARM coverage"
ORDER = 40


def configure(parser):
    parser.add_argument("--k", type=positive_int, default=2, help="number of letters (1-26)")
    parser.add_argument("--max-len", type=nonnegative_int, default=8, metavar="L",
                        help="longest length to count")
    parser.add_argument("--support", action="store_true",
                        help="explore the AP-MDM sampler's every choice and compare per length")
    parser.add_argument("--window", type=positive_int, default=None, metavar="W",
                        help="also measure left-to-right samplers that see W letters "
                        "(default: not measured)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def main(args):
    from proofs.oracles import dyck, dyck_window
    from theory.families import two_sided_dyck

    k = two_sided_dyck.check_alphabet(args.k)
    max_len = args.max_len
    check_memory(two_sided_dyck.language_counts_bytes(k, max_len),
                 f"counting Dyck-{k} words up to length {max_len:,} (exact integers of up to "
                 f"{max_len * math.log2(2 * k):,.0f} bits)")
    lengths = range(0, max_len + 1, 2)
    language = two_sided_dyck.language_counts(k, max_len)
    record = {"k": k, "max_len": max_len,
              "language_counts": {length: language[length] for length in lengths}}
    equal = True
    if args.support:
        rows = dyck.support_rows(k, max_len)
        record["counts"] = {row["length"]: row["sampler_words"] for row in rows}
        record["outside_language"] = {row["length"]: row["outside_language"] for row in rows}
        record["support_equals_language"] = equal = all(row["equal"] for row in rows)
        record["sampler"] = {row["length"]: {"steps": row["steps"],
                                             "peak_context": row["peak_context"]} for row in rows}
    if args.window is not None:
        window = args.window
        record["arm"] = {"window": window,
                         "rows": dyck_window.coverage_rows(k, window, max_len)}
        record["arm"]["coverage"] = {row["length"]: row["coverage"] for row in record["arm"]["rows"]}
    if args.json:
        print(json.dumps(record))
    else:
        _print_text(record)
    return 0 if equal else 1


def _print_text(record):
    print(f"two-sided Dyck-{record['k']}, even lengths up to {record['max_len']}")
    header = f"{'length':>6} {'language':>12}"
    if "counts" in record:
        header += f" {'sampler':>12} {'outside':>8}"
    if "arm" in record:
        header += f" {'window ' + str(record['arm']['window']) + ' ARM':>14} {'coverage':>9}"
    print(header)
    arm_rows = {row["length"]: row for row in record.get("arm", {}).get("rows", [])}
    for length, members in record["language_counts"].items():
        line = f"{length:>6} {members:>12,}"
        if "counts" in record:
            line += f" {record['counts'][length]:>12,} {record['outside_language'][length]:>8}"
        if length in arm_rows:
            line += f" {arm_rows[length]['covered']:>14,} {arm_rows[length]['coverage']:>9.4f}"
        print(line)
    if "counts" in record:
        verdict = "equals" if record["support_equals_language"] else "DIFFERS FROM"
        print(f"the AP-MDM sampler's support {verdict} the language at every length")
    for row in arm_rows.values():
        if row["witness"]:
            w = row["witness"]
            print(f"length {row['length']}: misses e.g. {', '.join(row['missed'])}; no sound "
                  f"window sampler covers all: {w['member']} needs {w['letter']} after view "
                  f"{w['view']!r} at position {w['position']}, which breaks {w['breaking_prefix']}")
