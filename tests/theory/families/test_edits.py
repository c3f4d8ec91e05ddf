"""Position tracking: the reference solver, the text form, and refusals of impossible edits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import edits


@pytest.mark.parametrize("script, answer", edits.CASES)
def test_canonical_cases(script, answer):
    assert edits.solve(script) == answer and edits.verify(script, answer)
    assert not edits.verify(script, {"final": answer["final"] + [0], "token": answer["token"]})


@given(st.integers(0, 60), st.integers(0, 2**32 - 1))
def test_generated_scripts_round_trip_and_keep_their_length(n, seed):
    script = edits.generate(n, seed)
    assert edits.parse(edits.format_script(script)) == script
    assert len(script) == n and len(edits.solve(script)["final"]) in (n, n + 1)


def test_inserts_then_deletes_undo_each_other():
    script = edits.EditScript((0, 1, 2), (("insert", 1, 3), ("delete", 1)), 2)
    assert edits.solve(script) == {"final": [0, 1, 2], "token": 2}


@pytest.mark.parametrize("text, message", [
    ("insert 0 a\n", "expected 'start WORD' first"),
    ("start ab\ninsert 3 a\n", "edit 1"),
    ("start ab\ndelete 2\n", "edit 1"),
    ("start ab\nquery 2\n", "outside the final sequence"),
    ("start ab\nquery 0\ndelete 0\n", "nothing may follow"),
    ("start aB\n", "letters a-z"),
    ("start ab\nmove 1 2\n", "line 2"),
    ("", "no 'start WORD'"),
])
def test_malformed_scripts_are_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        edits.parse(text)
