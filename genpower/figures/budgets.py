"""Figure 3: the longest run at context S, MDM (at most S steps, Theorem 2) vs AP-MDM (2^S, Theorem 4)."""

from genpower.figures import label_panel

__all__ = ["counter"]


def counter(quick=False):
    """Return ``(figure, header, rows)``: one row per context S with both counters' steps."""
    import matplotlib.pyplot as plt

    from proofs.constructions.mdm_budget import resource_rows
    contexts = list(range(2, 11 if quick else 15))
    rows = [(r["S"], r["mdm_steps"], r["apmdm_steps"], r["apmdm_count"])
            for r in resource_rows(contexts)]
    figure, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.plot(contexts, [r[1] for r in rows], "o-", label="MDM counter (unary): steps ≤ S")
    ax.plot(contexts, [r[2] for r in rows], "s-", label="AP-MDM counter (binary, remask)")
    ax.plot(contexts, [2 ** s for s in contexts], "k--", label="2^S")
    ax.set_yscale("log", base=2)
    label_panel(ax, "context length S (tokens)", "decoding steps (serial time)",
                "Figure 3 — serial time reachable at context S:\n"
                "MDM at most S steps (T2), AP-MDM 2^S (T4)")
    figure.tight_layout()
    return figure, ("S", "mdm_steps", "apmdm_steps", "apmdm_count"), rows
