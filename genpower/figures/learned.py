"""A learned model's length generalisation: accuracy and next-state match against n (log axis)."""

from genpower.figures import label_panel

__all__ = ["accuracy_by_size"]


def accuracy_by_size(evaluation):
    """Return a matplotlib figure of an :class:`proofs.learned.evaluate.Evaluation`."""
    import matplotlib.pyplot as plt

    sizes = [s.n for s in evaluation.sizes]
    figure, ax = plt.subplots(figsize=(6, 4))
    ax.plot(sizes, [None if s.accuracy is None else 100 * s.accuracy for s in evaluation.sizes],
            "o-", label="free-running accuracy")
    tf = [s.teacher_forced["next_state_match"] for s in evaluation.sizes]
    if any(v is not None for v in tf):
        ax.plot(sizes, [None if v is None else 100 * v for v in tf], "s--",
                label="teacher-forced next-state match")
    ax.set_xscale("log")
    ax.set_ylim(-3, 103)
    label_panel(ax, "n", "%", f"{evaluation.model} on {evaluation.task} ({evaluation.machine})",
                title_size=9)
    figure.tight_layout()
    return figure
