"""Window-w left-to-right Dyck samplers: sound, and short of full coverage once L > w + 1."""

import pytest

from proofs.oracles import dyck_window as window
from theory.families import two_sided_dyck


@pytest.mark.parametrize("w", [1, 2, 3, 4])
def test_coverage_falls_below_one_for_every_window(w):
    first_short = w + 2 + (w % 2)  # w + 2 rounded up to even
    for length in range(0, 11, 2):
        row = window.window_coverage(2, length, w)
        if length < first_short:
            assert row["coverage"] == 1 and row["full_coverage_possible"]
        else:
            assert row["coverage"] < 1 and not row["full_coverage_possible"]
            assert row["missed"]


@pytest.mark.parametrize("w, length", [(1, 6), (2, 8), (3, 8), (4, 10)])
def test_the_window_sampler_writes_only_members(w, length):
    table = window.sound_table(2, length, w)
    words, stuck = window.table_words(table, 2, length, w)
    assert all(two_sided_dyck.is_member(word) for word in words)
    assert len(words) == window.window_coverage(2, length, w)["covered"]
    assert not stuck or stuck == [()]  # never stuck half-way


@pytest.mark.parametrize("w, length", [(2, 6), (3, 8)])
def test_the_witness_is_real(w, length):
    row = window.window_coverage(2, length, w)
    member = two_sided_dyck.parse(row["witness"]["member"])
    breaking = two_sided_dyck.parse(row["witness"]["breaking_prefix"])
    letter = two_sided_dyck.parse(row["witness"]["letter"]).tolist()
    assert two_sided_dyck.is_member(member) and len(member) == length
    position = row["witness"]["position"]
    assert list(member[position - w:position]) == list(breaking[-w:])  # the same view
    assert member[position] == letter[0]
    depth = len(two_sided_dyck.reduce_word(list(breaking) + letter))
    assert depth > length - position - 1  # cannot be cancelled in the letters left


def test_negative_control_the_need_table_is_not_sound():
    tables = window.window_tables(2, 6, 2)
    need = {view: entry[0] for view, entry in tables.items()}
    words, _ = window.table_words(need, 2, 6, 2)
    assert not all(two_sided_dyck.is_member(word) for word in words)
