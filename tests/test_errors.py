"""Every front door refuses bad input with a specific exception whose message names what is wrong."""

import numpy as np
import pytest

from genpower.arguments import OneLineParser, UsageError
from proofs.pram_tasks import check_instance, generate_instance, get_pram_task
from proofs.constructions.mdm_budget import counter
from proofs.constructions.mdm_to_masked_arm import mdm_to_masked_arm
from proofs.constructions.pram_to_apmdm import pram_to_apmdm
from proofs.constructions.pram_to_mdm import pram_to_mdm
from proofs.constructions.tm_to_arm import run_tm_via_lag
from proofs.constructions.tm_to_lag import tm_to_lag
from proofs.tasks import run_task
from simulators import errors
from simulators.lag import make_lag_system
from simulators.machines import APMDM, ARM, MDM, machine_by_name
from simulators.pram import ProgramBuilder, run_pram
from simulators.pram.programs import parity as parity_program
from simulators.run import run
from simulators.tag import make_tag_system, run_tag
from simulators.tm import parse_tm, run_tm
from simulators.trace import Trace, load_samples
from simulators.update import apply_g
from simulators.vocab import Vocab
from theory.errors import ClaimInputError, FamilyInputError
from theory.families import (circuit_value, connectivity, dyck_sampling, list_ranking,
                             one_sided_dyck, parity, prefix_sums, sat)
from theory.growth import check_bound

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a"])


def two_writers():
    builder = ProgramBuilder("two writers")
    cell = builder.alloc(1)
    with builder.step():
        builder.emit("CONST", [0, 1], cell, 0, 0, [1, 2])
    builder.set_output(cell, 1)
    return builder.build("CRCW-arbitrary")


def misspelt_opcode():
    builder = ProgramBuilder("typo")
    with builder.step():
        builder.emit("CONTS", 0, 0)


def truncated_npz_path(tmp_path):
    path = tmp_path / "trace.npz"
    path.write_bytes(b"PK\x03\x04" + bytes(40))  # a zip's first bytes, then nothing
    return path


def truncated_npz(tmp_path):
    return Trace.load(truncated_npz_path(tmp_path))


def bad_jsonl(tmp_path):
    path = tmp_path / "trace.jsonl"
    path.write_text("{not json\n")
    return load_samples(path)


CASES = [
    ("repeated vocabulary names", lambda _: Vocab(["a", "a", "[MASK]"]),
     errors.InvalidArgumentError, "repeated"),
    ("vocabulary without mask", lambda _: Vocab(["a", "b"]), errors.InvalidArgumentError, "mask"),
    ("unknown token name", lambda _: VOCAB.encode(["zzz"]), errors.UnknownTokenError, "'zzz'"),
    ("machine by unknown name", lambda _: machine_by_name("rnn", VOCAB), errors.InvalidArgumentError,
     "rnn"),
    ("run with max_steps=0", lambda _: run(ARM(VOCAB), lambda x: 3, [0], max_steps=0),
     errors.InvalidArgumentError, "max_steps=0"),
    ("ARM prompt with a mask", lambda _: run(ARM(VOCAB), lambda x: 3, [0, 2]),
     errors.InvalidArgumentError, "position 1"),
    ("prompt token outside vocabulary", lambda _: run(MDM(VOCAB), lambda x: None, [0, 7]),
     errors.UnknownTokenError, r"x0\[1\]=7"),
    ("prompt longer than max_context", lambda _: run(APMDM(VOCAB), lambda x: None, [0, 3, 3],
                                                     max_context=2),
     errors.InvalidArgumentError, "max_context=2"),
    ("policy that is not callable", lambda _: run(APMDM(VOCAB), 42, [0]), errors.InvalidArgumentError,
     "callable"),
    ("g with short ctrl", lambda _: apply_g([0, 2], [0, 3], [[0, 0, 0]], 2), errors.StepShapeError,
     r"\(2, 3\)"),
    ("unknown task", lambda _: run_task("sorting", np.zeros(3)), errors.InvalidArgumentError,
     "sorting"),
    ("bits with a letter", lambda _: parity.parse("01a1"), FamilyInputError, "offset 2"),
    ("TM group of wrong length", lambda _: parse_tm("1RB1L_1LA1RZ"), errors.MalformedMachineError,
     "group 0"),
    ("TM with max_steps=-1", lambda _: run_tm("1RB1LB_1LA1RZ", max_steps=-1),
     errors.InvalidArgumentError, "max_steps"),
    ("tag system missing a rule", lambda _: run_tag(make_tag_system({"a": "bb"}), "ab"),
     errors.MissingRuleError, "'b'"),
    ("lag rules of mixed window length", lambda _: make_lag_system({"ab": "a", "b": "b"}),
     errors.MalformedMachineError, "rule .b.: window has 1 symbols; expected m=2"),
    ("PRAM write conflict under EREW", lambda _: run_pram(two_writers(), mode="EREW"),
     errors.MemoryConflictError, "processors 0 and 1"),
    ("PRAM opcode misspelt", lambda _: misspelt_opcode(), errors.MalformedMachineError,
     "did you mean CONST"),
    ("trace line that is not JSON", bad_jsonl, errors.TraceFormatError, "trace.jsonl:1"),
    ("TM with max_steps past 64 bits", lambda _: run_tm("1RB1LB_1LA1RZ", max_steps=10**23),
     errors.InvalidArgumentError, "max_steps=.* at most 2\\*\\*63 - 1"),
    ("tag run with max_steps past 64 bits",
     lambda _: run_tag(make_tag_system({"a": "a"}), "aa", max_steps=2**63),
     errors.InvalidArgumentError, "too large"),
    ("run with max_steps past 64 bits",
     lambda _: run(ARM(VOCAB), lambda x: None, [0], max_steps=2**63),
     errors.InvalidArgumentError, "too large"),
    ("integer past 64 bits", lambda _: prefix_sums.parse("1 99999999999999999999999"),
     FamilyInputError, "word 2 .* 64-bit"),
    ("prefix sum past 64 bits", lambda _: prefix_sums.parse(f"{2**62} {2**62}"),
     FamilyInputError, "prefix sum leaves"),
    ("non-ASCII white space between integers", lambda _: prefix_sums.parse("1\u00a02"),
     FamilyInputError, "word 1"),
    ("list with a cycle", lambda _: list_ranking.parse("1 0"), FamilyInputError, "cycle"),
    ("edge to a missing vertex", lambda _: connectivity.parse("2\n0 2\n"), FamilyInputError,
     "line 2"),
    ("odd bracket pairs", lambda _: one_sided_dyck.parse("()", "("), FamilyInputError,
     "bracket pairs"),
    ("unknown gate", lambda _: circuit_value.parse("1\nXOR 0 0\n"), FamilyInputError,
     "line 2: .*XOR"),
    ("unknown PRAM program", lambda _: get_pram_task("prefx_sum_blelloch"),
     errors.InvalidArgumentError, "did you mean prefix_sum_blelloch"),
    ("PRAM instance too large for memory", lambda _: generate_instance("connectivity", 10**12),
     errors.MemoryBudgetError, "connectivity at n = 1,000,000,000,000"),
    ("empty PRAM instance", lambda _: check_instance("tree_sum", np.zeros(0, np.int64)),
     errors.InputFormatError, "empty"),
    ("PRAM option for another program", lambda _: generate_instance("tree_sum", 4, pairs="()"),
     errors.InvalidArgumentError, "'pairs' does not apply"),
    ("command line with an unknown flag",
     lambda _: OneLineParser(prog="genpower x").parse_args(["--bogus"]), UsageError,
     "unrecognized arguments: --bogus \\(see genpower x --help\\)"),
    ("compile a PRAM program given by name", lambda _: pram_to_mdm("tree_sum"),
     errors.InvalidArgumentError, "PramProgram"),
    ("PRAM input of the wrong length for Theorem 4",
     lambda _: pram_to_apmdm(parity_program(4)).prompt([1, 0]), errors.InvalidArgumentError,
     "4 integers"),
    ("counter with too large a context", lambda _: counter(41), errors.InvalidArgumentError,
     "S <= 40"),
    ("Masked-ARM for a canvas of length 0", lambda _: mdm_to_masked_arm(MDM(VOCAB), None, 0),
     errors.InvalidArgumentError, "canvas_length"),
    ("TM too large for a lag table", lambda _: tm_to_lag("_".join(["1RB" * 10] * 26)),
     errors.MalformedMachineError, "2\\*\\*24"),
    ("TM via lag with a window of 0", lambda _: run_tm_via_lag("1RB1LB_1LA1RZ", window=0),
     errors.InvalidArgumentError, "window=0"),
    ("DIMACS literal --5", lambda _: sat.parse("p cnf 3 1\n--5 1 0\n"), FamilyInputError,
     "'--5' is not an integer"),
    ("DIMACS p line with a superscript digit", lambda _: sat.parse("p cnf \u00b2 1\n1 0\n"),
     FamilyInputError, "expected 'p cnf"),
    ("Dyck request length=--4", lambda _: dyck_sampling.parse("k=2 length=--4 seed=0"),
     FamilyInputError, "'length=--4'"),
    ("Trace.load on a missing .jsonl", lambda tmp: Trace.load(tmp / "none.jsonl"),
     errors.TraceFormatError, "no such file"),
    ("Trace.load on a missing .npz", lambda tmp: Trace.load(tmp / "none.npz"),
     errors.TraceFormatError, "no such file"),
    ("Trace.load on a truncated .npz", truncated_npz, errors.TraceFormatError, "cannot read"),
    ("samples of a truncated .npz", lambda tmp: load_samples(truncated_npz_path(tmp)),
     errors.TraceFormatError, "cannot read"),
    ("run_task on parity bits holding a 2", lambda _: run_task("parity", np.array([2, 0]), "mdm"),
     FamilyInputError, "bits\\[0\\]=2"),
    ("run_task on a formula given as text", lambda _: run_task("sat", "p cnf 1 1\n1 0\n"),
     FamilyInputError, "sat.CNF"),
    ("run_task on clashing Sudoku givens", lambda _: run_task("sudoku", np.eye(4, dtype=int)),
     FamilyInputError, "contradictory givens"),
    ("check_bound with a bound in another variable",
     lambda _: check_bound([4, 8, 16], [1, 2, 3], "2*m"), ClaimInputError, "variable='m'"),
    ("check_bound with sympy's S in the bound",
     lambda _: check_bound([4, 8, 16], [1, 2, 3], "2**S"), ClaimInputError, "not an expression"),
]


@pytest.mark.parametrize("make_error, error, message", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_raises_a_specific_error(tmp_path, make_error, error, message):
    with pytest.raises(error, match=message):
        make_error(tmp_path)


def test_every_error_is_a_genpower_error_and_a_builtin():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.GenpowerError)
        assert cls is errors.GenpowerError or any(
            base.__module__ == "builtins" and base is not Exception for base in cls.__mro__)
