"""Figures 5 and 7: two-sided Dyck support (T5) and the context of tracking edits (T6)."""

__all__ = ["dyck_support", "edit_context"]


def dyck_support(quick=False):
    """Figure 5: the share of two-sided Dyck-2 words each generator can produce, by length."""
    import matplotlib.pyplot as plt

    from proofs.oracles.dyck import support_rows
    from proofs.oracles.dyck_window import window_coverage
    lengths = list(range(2, 9 if quick else 11, 2))
    sampler = {row["length"]: row for row in support_rows(2, lengths[-1])}
    rows = [("AP-MDM sampler", L, sampler[L]["sampler_words"] / sampler[L]["language_words"],
             sampler[L]["language_words"]) for L in lengths]
    for window in (2, 3, 4):
        for L in lengths:
            row = window_coverage(2, L, window)
            rows.append((f"ARM, window {window}", L, row["coverage"], row["members"]))
    figure, ax = plt.subplots(figsize=(6.5, 4.2))
    for name in dict.fromkeys(row[0] for row in rows):
        mine = [row for row in rows if row[0] == name]
        ax.plot([r[1] for r in mine], [r[2] for r in mine], "o-", label=name)
    ax.set_yscale("log")
    ax.set_xlabel("word length")
    ax.set_ylabel("share of Dyck-2 words the generator can output")
    ax.set_title("Figure 5 — two-sided Dyck-2 support (T5):\nAP-MDM covers every word; "
                 "bounded-window ARMs miss more as words grow")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    figure.tight_layout()
    return figure, ("generator", "length", "coverage", "language_words"), rows


def edit_context(quick=False):
    """Figure 7 (its edit part): context beyond the prompt while tracking n edits, ARM vs AP-MDM."""
    import matplotlib.pyplot as plt

    from proofs.oracles.edits import edit_rows
    sizes = [4, 8, 16, 32] if quick else [4, 8, 16, 32, 64, 128, 256]
    rows = [(r["n"], r["edits"], r["arm_extra_context"], r["apmdm_extra_context"],
             r["correct"]) for r in edit_rows(sizes)]
    figure, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.plot(sizes, [r[2] for r in rows], "o-", label="ARM (appends an edit log, then replays)")
    ax.plot(sizes, [r[3] for r in rows], "s-", label="AP-MDM (edits in place)")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xlabel("n (start length and number of edits)")
    ax.set_ylabel("context beyond the prompt (tokens)")
    ax.set_title("Figure 7 — tracking edits (T6): the ARM's log grows,\nthe AP-MDM's "
                 "context does not (Sudoku and max-flow panels: not yet measured)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    figure.tight_layout()
    return figure, ("n", "edits", "arm_extra_context", "apmdm_extra_context", "correct"), rows
