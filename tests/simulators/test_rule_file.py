"""Laws of the rule-file reader: text and JSON give the same system; bad lines are named."""

import re

import pytest

from simulators.errors import InputFormatError
from simulators.rule_file import parse_appendants, parse_rule_file, read_rule_file
from simulators.tag import make_tag_system, run_tag

TEXT = "m: 2\nhalt: h\n# De Mol's Collatz system\na -> bc\nb -> a\nc -> aaa\n"
JSON = '{"m": 2, "halt": ["h"], "rules": {"a": "bc", "b": "a", "c": "aaa"}}'


def test_text_and_json_rule_files_say_the_same():
    assert parse_rule_file(TEXT) == parse_rule_file(JSON) == {
        "rules": {"a": "bc", "b": "a", "c": "aaa"}, "m": 2, "halt": ["h"],
        "on_missing": None, "alphabet": None}


def test_a_rule_file_builds_the_system_it_describes(tmp_path):
    path = tmp_path / "collatz.txt"
    path.write_text(TEXT, encoding="utf-8")
    spec = read_rule_file(path)
    system = make_tag_system(spec["rules"], m=spec["m"], halt=spec["halt"])
    assert run_tag(system, "aaa").final_word == "a"  # 3 -> 5 -> 8 -> 4 -> 2 -> 1


@pytest.mark.parametrize("text, message", [
    ("a -> b\na -> c", "f line 2: second rule for 'a' (first on line 1)"),
    ("a b c", "f line 1: expected 'lhs -> rhs'"),
    ("# only a comment", "f: no rules"),
    ('{"rules": {"a": 1}}', "f: key 'rules' must map"),
    ('{"appendants": ["1"]}', "f: key 'appendants' is for a cyclic tag system"),
])
def test_a_malformed_rule_file_names_the_line_or_key(text, message):
    with pytest.raises(InputFormatError, match=re.escape(message)):
        parse_rule_file(text, "f")


def test_appendants_inline_by_line_or_json_agree():
    assert (parse_appendants("011,10") == parse_appendants("011\n# c\n10\n")
            == parse_appendants('{"appendants": ["011", "10"]}') == ["011", "10"])
    with pytest.raises(InputFormatError, match="RULES is empty"):
        parse_appendants(" ")
