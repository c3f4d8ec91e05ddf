"""Laws of vocabularies: ids are positions in the name list, special tokens are found or refused."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, UnknownTokenError
from simulators.vocab import NO_TOKEN, Vocab

names_with_mask = st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=8,
                           unique=True).map(lambda names: ["[MASK]"] + [n for n in names if n != "[MASK]"])


@given(names_with_mask, st.data())
def test_encode_then_decode_is_identity_and_ids_are_positions(names, data):
    vocab = Vocab(names)
    words = data.draw(st.lists(st.sampled_from(names), max_size=10))
    ids = vocab.encode(words)
    assert ids.dtype == np.int32
    assert ids.tolist() == [names.index(word) for word in words]
    assert vocab.decode(ids) == words
    assert len(vocab) == len(names)


def test_special_ids_are_the_positions_of_their_names():
    vocab = Vocab(["a", "[EOS]", "[MASK]", "[BOS]"])
    assert (vocab.mask_id, vocab.bos_id, vocab.eos_id) == (2, 3, 1)


def test_missing_default_bos_and_eos_mean_no_token():
    vocab = Vocab(["[MASK]", "a"])
    assert vocab.bos is None and vocab.eos is None
    assert vocab.bos_id == NO_TOKEN == vocab.eos_id == -1


def test_named_special_tokens_replace_the_defaults():
    vocab = Vocab(["<m>", "<s>", "</s>", "[BOS]"], mask="<m>", bos="<s>", eos="</s>")
    assert (vocab.mask_id, vocab.bos_id, vocab.eos_id) == (0, 1, 2)


@pytest.mark.parametrize("role", ["bos", "eos"])
def test_a_named_special_token_that_is_missing_is_refused(role):
    with pytest.raises(InvalidArgumentError, match=f"{role} token '<x>'"):
        Vocab(["[MASK]", "a"], **{role: "<x>"})


def test_special_tokens_can_be_switched_off():
    vocab = Vocab(["[BOS]", "[EOS]", "[MASK]"], bos=None, eos=None)
    assert vocab.bos_id == vocab.eos_id == NO_TOKEN


def test_repeated_names_are_refused_and_listed():
    with pytest.raises(InvalidArgumentError, match=r"repeated: \['a'\]"):
        Vocab(["a", "[MASK]", "a", "b"])


def test_a_custom_mask_must_be_among_the_names():
    with pytest.raises(InvalidArgumentError, match="mask token '<m>'"):
        Vocab(["[MASK]", "a"], mask="<m>")


def test_names_are_kept_as_a_tuple_of_strings():
    vocab = Vocab(["[MASK]", 1])
    assert vocab.names == ("[MASK]", "1") and vocab.id("1") == 1


def test_unknown_names_are_refused_by_name():
    with pytest.raises(UnknownTokenError, match="'z'"):
        Vocab(["[MASK]", "a"]).id("z")


@pytest.mark.parametrize("ids, bad_position, bad_id", [([0, 1, 2, 3], 3, 3), ([1, -1, 5], 1, -1),
                                                        ([4, 0], 0, 4)])
def test_check_names_the_first_id_outside_zero_to_size_minus_one(ids, bad_position, bad_id):
    vocab = Vocab(["[MASK]", "a", "b"])
    with pytest.raises(UnknownTokenError, match=rf"seq\[{bad_position}\]={bad_id} .*ids 0\.\.2\)") as info:
        vocab.check(ids, "seq")
    assert info.value.position == bad_position
    with pytest.raises(UnknownTokenError):
        vocab.decode(ids)


def test_ids_inside_the_vocabulary_pass_the_check():
    Vocab(["[MASK]", "a"]).check(np.array([0, 1, 1, 0]))


def test_format_joins_the_names():
    vocab = Vocab(["[MASK]", "a", "b"])
    assert vocab.format([1, 0, 2]) == "a [MASK] b"
    assert vocab.format([1, 2], sep="") == "ab"


def test_vocabularies_with_the_same_names_are_equal():
    assert Vocab(["[MASK]", "a"]) == Vocab(("[MASK]", "a"))


def test_repr_shows_the_names_and_special_tokens_not_the_id_table():
    text = repr(Vocab(["[MASK]", "a"]))
    assert "names=('[MASK]', 'a')" in text and "mask='[MASK]'" in text and "_ids" not in text


def test_a_vocabulary_of_hundreds_of_distinct_names_is_accepted():
    names = ["[MASK]"] + [f"t{i}" for i in range(1000)]
    vocab = Vocab(names)
    assert len(vocab) == 1001 and vocab.id("t999") == 1000


def test_a_vocabulary_is_frozen_and_hashable():
    vocab = Vocab(["[MASK]", "a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        vocab.mask = "a"
    assert hash(vocab) == hash(Vocab(["[MASK]", "a"]))
