"""Laws of the Turing-machine table: bbchallenge notation is parsed or refused naming the place."""

import numpy as np
import pytest

from simulators.errors import MalformedMachineError
from simulators.tm import run_tm
from simulators.tm_program import TMProgram, format_tm, parse_tm


@pytest.mark.parametrize("spec, fragment", [
    ("", "empty"),
    ("   ", "empty"),
    ("1RB1XC_1LA1RZ", "group 0 ('1RB1XC'): transition 1 has direction 'X'"),
    ("1RB1LB_1LA1XC", "group 1 ('1LA1XC'): transition 1 has direction 'X'"),
    ("1RB1LB_1LA2RZ", "writes symbol '2'"),
    ("1RB1LB_1LAaRZ", "has symbol 'a'"),
    ("1RB1Lb_1LA1RZ", "state letter 'b'"),
    ("1RB1L?_1LA1RZ", "state letter '?'"),
    ("1RB1LB_1LA1R", "group 1 ('1LA1R') has 5 characters; expected 6"),
    ("1RB1LB_1LA1RZ0RA", "group 1 ('1LA1RZ0RA') has 9 characters; expected 6"),
    ("1RB1L", "group 0 ('1RB1L') has 5 characters"),
    ("1RB", "group 0 ('1RB') has 3 characters"),
    ("1RB1LB__1LA1RZ", "group 1 ('') has 0 characters"),
    ("_".join(["1RA1RA"] * 27), "27 groups"),
    ("1RB1LB_---1R", "group 1 ('---1R')"),
])
def test_malformed_specs_raise_malformed_machine_error_naming_the_place(spec, fragment):
    with pytest.raises(MalformedMachineError) as info:
        parse_tm(spec)
    assert fragment in str(info.value)
    with pytest.raises(MalformedMachineError):
        run_tm(spec)


@pytest.mark.parametrize("tables, fragment", [
    (([[1, 1]], [[1, -1]], [[0, 25]]), None),
    (([[2, 1]], [[1, -1]], [[0, 25]]), "state A reading 0"),
    (([[1, 1]], [[0, -1]], [[0, 25]]), "state A reading 0"),
    (([[1, 1]], [[1, -1]], [[0, 26]]), "state A reading 1"),
    (([[-1, 1]], [[1, -1]], [[0, 25]]), "state A reading 0"),
    (([[1, 1, 1]], [[1, -1, 1]], [[0, 25, 0]]), "shape"),
])
def test_hand_built_program_tables_are_checked(tables, fragment):
    write, move, next_state = (np.array(t) for t in tables)
    if fragment is None:
        assert format_tm(TMProgram(1, 2, write, move, next_state)) == "1RA1LZ"
        return
    with pytest.raises(MalformedMachineError) as info:
        TMProgram(1, 2, write, move, next_state)
    assert fragment in str(info.value)
