"""The Sudoku and max-flow experiments measured: Sudoku against an independent reference of the
official solver (and a control without MRV), max-flow steps against the process's guarantee
and against the BFS rounds an independent Edmonds–Karp needs."""

import numpy as np

from proofs.measurements import Measurement, room

__all__ = ["MEASUREMENTS", "first_empty_policy", "PUZZLES", "bfs_rounds", "steps_needed"]

PUZZLES = {2: (8, 6), 3: (36, 26, 24), 4: (120,)}
"""Board order n -> the givens of its fixed puzzles (seeded), easy to hard."""


def first_empty_policy(x):
    """The extended Sudoku policy, but choosing the first empty cell where it would choose by
    MRV (a negative control: the official process picks the cell with fewest candidates)."""
    from proofs.oracles.sudoku import MASK, extended_policy
    positions, tokens, ctrl = extended_policy(x)
    if (len(positions) == 3 and positions[0] % 4 == 0 and np.all(ctrl[:, 0] == 1)
            and x[positions[0]] == 0 and not np.any(x == MASK)):   # a clean board's pick
        first = int(np.flatnonzero(x[0::4] == 0)[0])
        positions = np.arange(4 * first, 4 * first + 3, dtype=positions.dtype)
    return positions, tokens, ctrl


def _sudoku(policy=None):
    """Row at board order n: every fixed puzzle solved by the extended AP-MDM process, its
    transitions and six operation counts against the reference's, with remask/unmask
    only and a context of 4 tokens per cell throughout; value: the most AP-MDM
    transitions over the reference's."""

    def function(n, seed):
        from proofs.tasks import get_task, run_task
        from theory import official_sudoku as reference
        from theory.families import sudoku
        side, worst, correct, why = n * n, 0.0, True, ""
        for givens in PUZZLES[n]:
            puzzle = sudoku.generate(side, seed, givens=givens)
            _, ops, _ = reference.trajectory([list(map(int, row)) for row in puzzle],
                                             colours=256, official_colour_quirk=False,
                                             keep_states=False)
            task = get_task("sudoku")
            options = {"max_steps": room(len(ops))}
            if policy is not None:
                from dataclasses import replace
                process = replace(task.process("extended"), policy=policy)
                task = replace(task, processes={"extended": process})
            outcome = run_task(task, puzzle, "extended", **options)
            resources = outcome.result.resources
            steps = resources.steps
            worst = max(worst, steps / len(ops))
            same = outcome.details["operations"] == reference.operation_counts(ops)
            in_place = (resources.inserts == resources.deletes == 0
                        and resources.peak_context == 4 * side * side)
            if not (outcome.correct and same and steps == len(ops) and in_place):
                correct = False if outcome.correct is not None else None
                why = (f"{givens} givens: {steps} transitions, the reference {len(ops)}; "
                       f"operations {outcome.details['operations']}; "
                       f"{resources.inserts} inserts, {resources.deletes} deletes, peak "
                       f"context {resources.peak_context} (4 per cell: {4 * side * side})")
        return {"n": n, "value": worst, "correct": correct, "why": why,
                "limit": "max_steps 4 × the reference's transitions + 64"}

    return function


def _maxflow_steps(per_round):
    """Row at n nodes: the most steps over 5 random graphs with 3n edges (capped), raw or
    divided by the official process's guarantee 2n(F + 1) + 6 for max-flow value F."""

    def function(n, seed):
        from proofs.oracles.maxflow import steps_bound
        from proofs.tasks import run_task
        from theory.families import maxflow

        rng = np.random.default_rng(seed)
        worst, correct = 0.0, True
        for _ in range(5):
            graph = maxflow.generate(n, rng, edges=min(3 * n, n * (n - 1) // 2))
            flow = maxflow.max_flow_value(graph)
            outcome = run_task("maxflow", graph, max_steps=room(steps_bound(n, flow)))
            steps = outcome.result.resources.steps
            worst = max(worst, steps / steps_bound(n, flow) if per_round else steps)
            correct = correct if outcome.correct else outcome.correct
        return {"n": n, "value": worst, "correct": correct}

    return function


def bfs_rounds(instance):
    """Count what Edmonds–Karp needs on ``instance``, independently of the oracle.

    Unit capacities; an edge u → v is usable forward without flow, backward with it.
    Each search is a full breadth-first search from the source (as the official process
    runs it: every reachable node gets its level), the path to the target uses the
    lowest-id parent; the last search finds no path.

    Returns
    -------
    (list of int, int)
        The layers of each search (its deepest level) and the augmentations.
    """
    flow = dict.fromkeys(instance.edges, 0)
    layers, augmentations = [], 0
    while True:
        level, parent, frontier = {instance.source: 0}, {}, [instance.source]
        while frontier:
            reached = []
            for u in sorted(frontier):
                for edge in instance.edges:
                    a, b = edge
                    for x, y, usable in ((a, b, flow[edge] == 0), (b, a, flow[edge] == 1)):
                        if x == u and usable and y not in level:
                            level[y], parent[y] = level[u] + 1, (u, edge)
                            reached.append(y)
            frontier = reached
        layers.append(max(level.values()))
        if instance.target not in level:
            return layers, augmentations
        node = instance.target
        while node != instance.source:
            node, edge = parent[node]
            flow[edge] ^= 1
        augmentations += 1


def steps_needed(instance, spare_layers_per_augmentation=0):
    """Steps the official process needs by :func:`bfs_rounds`: 3 to initialise, 2 per BFS
    layer (remask, unmask), 2 per augmentation (flip, reset), then 5 to cut and close
    (2 when the flow is 0: nothing to cut). ``spare_layers_per_augmentation`` takes that
    many layers off per augmentation (a control)."""
    layers, augmentations = bfs_rounds(instance)
    layers_total = sum(layers) - spare_layers_per_augmentation * augmentations
    return 3 + 2 * layers_total + 2 * augmentations + (5 if augmentations else 2)


def _maxflow_rounds(spare):
    """Row at n nodes: the most steps over 5 random graphs over the steps their BFS rounds
    need (:func:`steps_needed`); the answers checked against networkx's max flow."""

    def function(n, seed):
        from proofs.tasks import run_task
        from theory.families import maxflow

        rng = np.random.default_rng(seed)
        worst, correct, why = 0.0, True, ""
        for _ in range(5):
            graph = maxflow.generate(n, rng, edges=min(3 * n, n * (n - 1) // 2))
            needed = steps_needed(graph, spare)
            layers, augmentations = bfs_rounds(graph)
            outcome = run_task("maxflow", graph, max_steps=room(needed))
            steps = outcome.result.resources.steps
            worst = max(worst, steps / needed)
            if augmentations != maxflow.max_flow_value(graph):
                correct, why = False, "the independent Edmonds–Karp disagrees with networkx"
            if not outcome.correct:
                correct = outcome.correct
        return {"n": n, "value": worst, "correct": correct, "why": why}

    return function


MEASUREMENTS = {
    "E-maxflow-bfs-rounds": Measurement(_maxflow_rounds(0), (3, 6, 10, 14, 20),
                                        (3, 6, 10, 14)),
    "NEG-maxflow-one-layer-fewer": Measurement(_maxflow_rounds(1), (3, 6, 10, 14),
                                               (3, 6, 10, 14)),
    "E-maxflow": Measurement(_maxflow_steps(True), (3, 6, 10, 14), (3, 6, 10)),
    "NEG-apmdm-maxflow-constant-steps": Measurement(_maxflow_steps(False), (3, 6, 10, 14),
                                                    (3, 6, 10)),
    "E-sudoku": Measurement(_sudoku(), (2, 3, 4), (2, 3, 4)),
    "NEG-sudoku-first-empty-cell": Measurement(_sudoku(first_empty_policy), (2, 3), (2, 3)),
}
