"""Figure 4: an any-order MDM and the Masked-ARM replaying it (Theorem 3), steps and tokens per step."""

from genpower.figures import label_panel

__all__ = ["steps"]


def steps(quick=False):
    """Return ``(figure, header, rows)``: one row per n of the prefix-sums MDM and its Masked-ARM."""
    import matplotlib.pyplot as plt

    from proofs.constructions.mdm_to_masked_arm import compare, mdm_source
    sizes = [4, 8, 16] if quick else [4, 8, 16, 32, 64]
    rows = []
    for n in sizes:
        r = compare(*mdm_source("prefix_sum_hillis_steele", n))
        marm = r["masked_arm"]
        rows.append((n, r["mdm_steps"], r["mdm_tokens"], r["mdm_max_parallel"], r["marm_steps"],
                     r["same_canvas"], marm["tokens_written"] / max(marm["steps"], 1),
                     marm["max_parallel"]))
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(sizes, [r[1] for r in rows], "o-", label="any-order MDM")
    left.plot(sizes, [r[4] for r in rows], "s-", label="Masked-ARM (left to right, 1 token/step)")
    left.plot(sizes, [r[2] for r in rows], "k--", label="tokens the MDM wrote")
    left.set_yscale("log", base=2)
    left.set_ylabel("decoding steps")
    left.set_title("steps: the Masked-ARM pays 3 steps per token written\n(a log entry: position, token, flag)")
    right.plot(sizes, [r[2] / r[1] for r in rows], "o-", label="MDM (mean)")
    right.plot(sizes, [r[3] for r in rows], "^-", label="MDM (most in one step)")
    right.plot(sizes, [r[6] for r in rows], "s-", label="Masked-ARM (mean, measured)")
    right.plot(sizes, [r[7] for r in rows], "x", markersize=9,
               label="Masked-ARM (most in one step, measured)")
    right.set_ylabel("tokens per step")
    right.set_title("tokens per step: where the MDM's speed comes from")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        label_panel(ax, "n (prefix sums of n numbers)")
    figure.suptitle("Figure 4 — any order adds nothing once tokens per step are fixed (T3)")
    figure.tight_layout()
    return figure, ("n", "mdm_steps", "mdm_tokens", "mdm_max_parallel", "marm_steps",
                    "same_canvas", "marm_tokens_per_step", "marm_max_parallel"), rows
