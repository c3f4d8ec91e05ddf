"""Figures 1 and 2: Theorem 1's MDM and Theorem 4's AP-MDM on PRAM programs, steps and context vs n."""

from genpower.figures import label_panel

__all__ = ["steps", "context"]

PROGRAMS = (("prefix_sum_hillis_steele", "prefix sums"), ("connectivity", "connectivity"))


def _sizes(program, quick):
    top = {"connectivity": 16 if quick else 64}.get(program, 64 if quick else 512)
    return [2 ** k for k in range(2, top.bit_length())]


def _rows(quick):
    from proofs.constructions import pram_to_apmdm, pram_to_mdm
    rows = []
    for program, label in PROGRAMS:
        sizes = _sizes(program, quick)
        for mdm, apmdm in zip(pram_to_mdm.resource_rows(program, sizes),
                              pram_to_apmdm.resource_rows(program, sizes)):
            rows.append((label, mdm["n"], mdm["T"], mdm["P"], mdm["memory"], mdm["steps"],
                         mdm["tokens_written"], mdm["peak_context"], apmdm["steps"],
                         apmdm["peak_context"], mdm["correct"] and apmdm["correct"]))
    return rows


HEADER = ("family", "n", "pram_T", "pram_P", "pram_memory", "mdm_steps", "mdm_tokens_written",
          "mdm_peak_context", "apmdm_steps", "apmdm_peak_context", "correct")


def _panels(rows, series, ylabel, title, suptitle):
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(1, len(PROGRAMS), figsize=(11, 5.2))
    for ax, (_, label) in zip(axes, PROGRAMS):
        mine = [row for row in rows if row[0] == label]
        ns = [row[1] for row in mine]
        for index, (column, style, name) in enumerate(series):   # one colour per series
            points = [(row[1], row[column]) for row in mine if row[column] is not None]
            if points:
                colour = {} if style.startswith("k") else {"color": f"C{index}"}
                ax.plot(*zip(*points), style, label=name, **colour)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log", base=2)
        label_panel(ax, "n (input size)", ylabel, f"{label}: {title}", legend_size=7,
                    loc="upper center", bbox_to_anchor=(0.5, -0.16))
    figure.suptitle(suptitle)
    figure.tight_layout()
    return figure


MASKED_ARM_UP_TO = {"prefix sums": (16, 32)}
"""Largest n (quick, full) at which figure 1 runs Theorem 3's Masked-ARM: its replay reads
the log at every step (quadratic), so connectivity's 10⁴-token runs are not replayed."""


def _masked_arm_steps(label, n, quick):
    from proofs.constructions.mdm_to_masked_arm import compare, mdm_source
    program = {label: program for program, label in PROGRAMS}[label]
    top = MASKED_ARM_UP_TO.get(label, (0, 0))[0 if quick else 1]
    if n > top:
        return None
    return compare(*mdm_source(program, n))["marm_steps"]


def steps(quick=False):
    """Figure 1: decoding steps vs n, MDM (≈ T) against a one-token-per-step machine: the
    Masked-ARM of Theorem 3 run on the same MDM (where its replay is affordable), and the
    tokens the MDM wrote (the fewest steps any one-token-per-step machine needs)."""
    rows = [row + (_masked_arm_steps(row[0], row[1], quick),) for row in _rows(quick)]
    figure = _panels(rows, ((11, "^-", "Masked-ARM steps, measured (one token per step, "
                                       "Theorem 3)"),
                            (6, "s--", "tokens the MDM wrote (no one-token-per-step machine "
                                       "needs fewer steps)"),
                            (5, "o-", "MDM decoding steps (Theorem 1)"),
                            (2, "kx:", "PRAM parallel time T")),
                     "steps", "steps vs n",
                     "Figure 1 — MDM decodes in O(T) steps; one token per step needs a step "
                     "per token")
    return figure, HEADER + ("masked_arm_steps",), rows


def context(quick=False):
    """Figure 2: peak context vs n, MDM (≈ P·T) against AP-MDM (≈ S, the PRAM's memory)."""
    rows = [row + (row[2] * row[3],) for row in _rows(quick)]
    figure = _panels(rows, ((7, "o-", "MDM peak context (Theorem 1)"),
                            (11, "k--", "P·T (PRAM work bound)"),
                            (9, "s-", "AP-MDM peak context (Theorem 4)"),
                            (4, "k:", "S (PRAM memory cells)")),
                     "tokens", "context vs n",
                     "Figure 2 — MDM context grows with work P·T; AP-MDM's with memory S")
    return figure, HEADER + ("P_times_T",), rows
