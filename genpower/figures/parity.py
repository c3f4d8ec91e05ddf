"""Figure 6: parity's decoding steps and peak context against n on ARM, MDM and AP-MDM."""

from genpower.figures import label_panel, series_style

__all__ = ["machines"]

MACHINES = (("apmdm", "AP-MDM (elimination)"), ("mdm", "MDM (XOR tree)"),
            ("arm", "ARM (prefix parities)"))


def machines(quick=False):
    """Return ``(figure, header, rows)``: one row per (machine, n)."""
    import matplotlib.pyplot as plt

    from proofs.tasks import run_task
    from theory.families import parity
    sizes = [2 ** k for k in range(2, 11 if quick else 15, 2 if quick else 1)]
    rows = []
    for machine, _ in MACHINES:
        for n in sizes:
            outcome = run_task("parity", parity.generate(n, rng=0), machine)
            r = outcome.result.resources
            rows.append((machine, n, r.steps, r.peak_context, outcome.correct))
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for index, (machine, label) in enumerate(MACHINES):
        mine = [row for row in rows if row[0] == machine]
        left.plot(sizes, [row[2] for row in mine], label=label, **series_style(index))
        right.plot(sizes, [row[3] for row in mine], label=label, **series_style(index))
    for ax, what in ((left, "decoding steps"), (right, "peak context (tokens)")):
        ax.set_xscale("log", base=2)
        ax.set_yscale("log", base=2)
        label_panel(ax, "n (input bits)", what)
    left.set_title("steps: AP-MDM ≤ 2n, MDM ⌈log₂ n⌉, ARM n+1")
    right.set_title("context: AP-MDM n+1 (shrinks as it runs), MDM ≈ 2n, ARM 2n+3")
    figure.suptitle("Figure 6 — parity on three machines (random bits, seed 0)")
    figure.tight_layout()
    return figure, ("machine", "n", "steps", "peak_context", "correct"), rows
