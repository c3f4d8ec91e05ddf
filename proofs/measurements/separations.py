"""Theorems 5 and 6 measured: the Dyck sampler's support, every window-2 sampler's limit, and
edit tracking on the package's ARM vs AP-MDM."""

from proofs.measurements import Measurement

__all__ = ["MEASUREMENTS", "witness_holds"]


def _dyck_coverage(length, seed):
    """Row at length L: the AP-MDM sampler's distinct outputs over the language's members
    (every option of every reachable state followed), and no output outside it."""
    from proofs.oracles.dyck import support_rows
    row = support_rows(2, length)[-1]
    return {"n": length, "value": row["sampler_words"] / row["language_words"],
            "correct": row["outside_language"] == 0,
            "why": f"{row['outside_language']} outputs are not members"}


def witness_holds(row, window):
    """Check a ``window_coverage`` witness from the definitions alone: its member is in the
    language, its breaking prefix is completable, the letter after it is not, both share
    the view (position and last ``window`` letters) after which the member writes it."""
    from theory.families import two_sided_dyck as dyck
    witness = row["witness"]
    member = list(dyck.parse(witness["member"]))
    prefix = list(dyck.parse(witness["breaking_prefix"]))
    letter = dyck.parse(witness["letter"])[0]
    position, length = witness["position"], row["length"]
    before = member[:position]

    def completable(word):
        return len(dyck.reduce_word(word)) <= length - len(word)

    return (dyck.is_member(member) and len(member) == length and member[position] == letter
            and len(prefix) == position and completable(prefix)
            and not completable(prefix + [letter])
            and before[-window:] == prefix[-window:])


def _window_full_coverage(length, seed):
    """Row at length L: 1 if some sound window-2 sampler can cover every member, else 0,
    decided over every view (dyck_window.window_coverage's witness, itself re-checked)."""
    from proofs.oracles.dyck_window import window_coverage
    row = window_coverage(2, length, 2)
    possible = row["full_coverage_possible"]
    return {"n": length, "value": 1.0 if possible else 0.0,
            "correct": possible or witness_holds(row, 2),
            "why": f"the witness {row['witness']} does not check"}


def _edit_context(machine):
    def function(n, seed):
        from proofs.oracles.edits import edit_rows
        row = edit_rows([n], seed)[0]
        return {"n": n, "value": row[f"{machine}_extra_context"], "correct": row["correct"]}
    return function


MEASUREMENTS = {
    "T5": Measurement(_dyck_coverage, (2, 4, 6, 8, 10), (2, 4, 6, 8)),
    "NEG-window-arm-dyck-full-support": Measurement(_window_full_coverage, (2, 4, 6, 8, 10),
                                                    (2, 4, 6, 8)),
    "T6": Measurement(_edit_context("arm"), (4, 8, 16, 32, 64, 128), (4, 8, 16, 32, 64)),
    "T6-apmdm-context": Measurement(_edit_context("apmdm"), (4, 8, 16, 32, 64, 128),
                                    (4, 8, 16, 32, 64)),
}
