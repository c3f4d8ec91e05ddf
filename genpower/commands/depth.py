"""Print the depth and width of a certified policy's step program at each size.

Depth is the number of attention layers on the longest path of the program's graph,
width the number of streams, heads the number of attention heads; all are read off the
graph, never declared. Without POLICY, list the policies. --check also runs the
oracle on a generated instance of each size and asks the program about every state
(agrees); that evaluates the program, which costs O(width · L log L) per state and
more for large n. --graph prints the program at the first size, one stream a
line with its layer. --json prints a list of {policy, n, depth, width, heads}.
Examples:

  genpower depth parity-tree --n 16 64 256 1024
  genpower depth prefix-sum-doubling --n 16 1024 --json     # depth grows: not certified
  genpower depth pointer-jumping --n 8 64 --check
"""

import json

from genpower.arguments import nonnegative_int, positive_int
from proofs.certified import agreement, certificate, get_policy, policy_names

HELP = "depth and width of a policy's constant-depth step program across sizes n"
ORDER = 40
MANY_RUNS = True  # Ctrl-C ends the whole command (simulators.interrupts.run_stoppably)


def configure(parser):
    parser.add_argument("policy", metavar="POLICY", nargs="?",
                        help="a certified policy (omit to list them)")
    parser.add_argument("--n", type=positive_int, nargs="+", default=[16, 64, 256, 1024], metavar="N",
                        help="sizes (default: 16 64 256 1024)")
    parser.add_argument("--check", action="store_true",
                        help="also check the program against its oracle at each size")
    parser.add_argument("--seed", type=nonnegative_int, default=0, help="instance seed for --check")
    parser.add_argument("--graph", action="store_true",
                        help="print the program's streams, layer by layer, at the first size")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")


def main(args):
    if args.policy is None:
        for name in policy_names():
            print(f"{name:<22} {get_policy(name).summary}")
        return 0
    policy = get_policy(args.policy)
    rows = certificate(args.policy, args.n)
    if args.check:
        for row in rows:
            row["agrees"] = agreement(args.policy, row["n"], args.seed).ok
    if args.json:
        print(json.dumps(rows))
        return 0 if all(row.get("agrees", True) for row in rows) else 1
    print(f"{policy.name}: {policy.summary}")
    if args.graph:
        print(policy.build(args.n[0]).describe())
    header = f"{'n':>8} {'depth':>6} {'width':>6} {'heads':>6}" + ("  agrees" if args.check else "")
    print(header)
    for row in rows:
        agrees = ("  " + ("yes" if row["agrees"] else "NO")) if args.check else ""
        print(f"{row['n']:>8} {row['depth']:>6} {row['width']:>6} {row['heads']:>6}{agrees}")
    constant = len({row["depth"] for row in rows}) == 1
    print(f"depth {'constant' if constant else 'GROWS'} across n"
          + ("" if constant == policy.constant_depth else " (not as this policy claims)"))
    return 0 if all(row.get("agrees", True) for row in rows) else 1
