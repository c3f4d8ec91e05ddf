"""Theorems 5 and 6 measured: the Dyck sampler's support, and edit tracking on ARM vs AP-MDM."""

from proofs.checks import Measurement

__all__ = ["MEASUREMENTS"]


def _dyck_coverage(length, seed):
    from proofs.oracles.dyck import support_rows
    row = support_rows(2, length)[-1]
    return {"n": length, "value": row["sampler_words"] / row["language_words"],
            "correct": row["outside_language"] == 0}


def _window_coverage(length, seed):
    from proofs.oracles.dyck_window import window_coverage
    row = window_coverage(2, length, 2)
    return {"n": length, "value": row["coverage"], "correct": True}


def _edit_context(machine):
    def function(n, seed):
        from proofs.oracles.edits import edit_rows
        row = edit_rows([n], seed)[0]
        return {"n": n, "value": row[f"{machine}_extra_context"], "correct": row["correct"]}
    return function


MEASUREMENTS = {
    # the sampler's first run compiles for most of a minute: full sweep only
    "T5": Measurement(_dyck_coverage, (2, 4, 6, 8, 10), ()),
    "NEG-window-arm-dyck-full-support": Measurement(_window_coverage, (2, 4, 6, 8, 10),
                                                    (2, 4, 6, 8)),
    "T6": Measurement(_edit_context("arm"), (4, 8, 16, 32, 64, 128), (4, 8, 16, 32)),
    "T6-apmdm-context": Measurement(_edit_context("apmdm"), (4, 8, 16, 32, 64, 128),
                                    (4, 8, 16, 32)),
}
