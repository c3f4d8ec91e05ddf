"""Laws of the PRAM engine: it agrees with a plain interpreter, enforces each access mode,
records a faithful trace, and stops at max_steps with the partial result."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.simulators.reference_pram import interpret
from simulators.errors import InvalidArgumentError, MalformedMachineError, MemoryConflictError
from simulators.pram import MODES, PramProgram, ProgramBuilder, isa, run_pram

OPCODES = sorted(isa.OPCODE_NAMES)


@st.composite
def programs(draw):
    """Small random programs over every opcode, with an input of a few cells."""
    size = draw(st.integers(2, 8))
    address = st.integers(0, size - 1)
    columns = {name: [] for name in ("processor", "opcode", "dst", "a", "b", "c")}
    offsets = [0]
    for _ in range(draw(st.integers(0, 5))):
        for p in draw(st.lists(st.integers(0, 6), unique=True, max_size=4)):
            op = draw(st.sampled_from(OPCODES))
            name = isa.OPCODE_NAMES[op]
            row = dict(processor=p, opcode=op, dst=draw(address), a=draw(address),
                       b=draw(address), c=draw(address))
            if name.endswith("_I") and name != "CWRITE_I":
                row["b" if name != "CSTORE_I" else "a"] = draw(st.integers(-3, 3))
            if name in ("CONST", "CWRITE_I", "LOAD", "STORE", "CSTORE", "CSTORE_I"):
                row["c"] = draw(st.integers(-2, size))
            for key, value in row.items():
                columns[key].append(value)
        offsets.append(len(columns["opcode"]))
    inputs = draw(st.lists(st.integers(-2, size), max_size=size))
    initial = draw(st.lists(st.integers(-2, size), min_size=size, max_size=size))
    out_start = draw(st.integers(0, size - 1))
    program = PramProgram("random", "EREW", size, np.array(initial), 0, len(inputs),
                          out_start, size - out_start, np.array(offsets),
                          *(np.array(columns[k], dtype=np.int64) for k in
                            ("processor", "opcode", "dst", "a", "b", "c")))
    return program, inputs


def _build(rows_per_step, size=4, mode="EREW"):
    """A program from explicit rows: each step a list of (proc, op, dst, a, b, c)."""
    builder = ProgramBuilder("hand-made")
    builder.alloc(size)
    builder.set_output(0, size)
    for rows in rows_per_step:
        with builder.step():
            for proc, op, dst, a, b, c in rows:
                builder.emit(op, proc=proc, dst=dst, a=a, b=b, c=c)
    return builder.build(mode)


@settings(max_examples=300, deadline=None)
@given(case=programs(), mode=st.sampled_from(MODES))
def test_kernel_agrees_with_plain_interpreter_on_memory_counters_trace_and_errors(case, mode):
    program, inputs = case
    try:
        memory, counters, trace = interpret(program, inputs, mode)
    except (MemoryConflictError, MalformedMachineError) as error:
        with pytest.raises(type(error)) as raised:
            run_pram(program, inputs, mode=mode)
        if isinstance(error, MemoryConflictError):
            found = raised.value
            assert (found.step, found.address, found.processors) == \
                (error.step, error.address, error.processors)
        return
    result = run_pram(program, inputs, mode=mode, trace=True, keep_memory=True)
    assert result.memory.tolist() == memory
    assert result.output.tolist() == memory[program.output_start:]
    assert counters == dict(processors=result.processors, parallel_time=result.parallel_time,
                            work=result.work, memory_cells=result.memory_cells,
                            peak_concurrent_reads=result.peak_concurrent_reads)
    recorded = result.trace
    for row, (p, reads, target, value, won) in enumerate(trace):
        assert recorded.processor[row] == p
        assert sorted(a for a in recorded.reads[row] if a >= 0) == reads
        assert recorded.write_address[row] == (-1 if target is None else target)
        assert recorded.write_won[row] == won
        if target is not None:
            assert recorded.value_written[row] == value


@settings(max_examples=100, deadline=None)
@given(case=programs(), mode=st.sampled_from(MODES[2:]))
def test_replaying_the_winning_writes_of_the_trace_rebuilds_the_final_memory(case, mode):
    program, inputs = case
    try:
        result = run_pram(program, inputs, mode=mode, trace=True, keep_memory=True)
    except (MemoryConflictError, MalformedMachineError):
        return
    memory = program.initial_memory.copy()
    memory[:len(inputs)] = inputs
    trace = result.trace
    for row in np.flatnonzero(trace.write_won):
        memory[trace.write_address[row]] = trace.value_written[row]
    assert np.array_equal(memory, result.memory)


@settings(max_examples=60, deadline=None)
@given(case=programs(), limit=st.integers(0, 6))
def test_max_steps_returns_the_state_after_that_many_steps(case, limit):
    program, inputs = case
    try:
        memory, counters, _ = interpret(program, inputs, "CRCW-priority", max_steps=limit)
    except (MemoryConflictError, MalformedMachineError):
        return
    result = run_pram(program, inputs, mode="CRCW-priority", max_steps=limit, keep_memory=True)
    assert result.memory.tolist() == memory
    assert result.parallel_time == min(limit, program.steps)
    assert result.stopped_by == ("halted" if limit >= program.steps else "max_steps")


def test_two_writers_of_one_cell_under_erew_raise_naming_step_address_and_processors():
    program = _build([[(0, isa.CONST, 1, 0, 0, 5)],
                      [(4, isa.CONST, 2, 0, 0, 1), (7, isa.CONST, 2, 0, 0, 1)]])
    with pytest.raises(MemoryConflictError,
                       match="step 1: processors 4 and 7 both write address 2 under EREW"):
        run_pram(program)
    for mode in ("CREW",):
        with pytest.raises(MemoryConflictError, match="both write"):
            run_pram(program, mode=mode)


def test_crcw_common_accepts_equal_values_and_rejects_different_ones():
    same = _build([[(0, isa.CONST, 2, 0, 0, 9), (1, isa.CONST, 2, 0, 0, 9)]])
    assert run_pram(same, mode="CRCW-common").output[2] == 9
    different = _build([[(0, isa.CONST, 2, 0, 0, 9), (1, isa.CONST, 2, 0, 0, 8)]])
    with pytest.raises(MemoryConflictError, match="processors 0 and 1 write different values"):
        run_pram(different, mode="CRCW-common")


def test_concurrent_read_raises_under_erew_and_passes_under_crew():
    program = _build([[(0, isa.COPY, 1, 0, 0, 0), (3, isa.COPY, 2, 0, 0, 0)]])
    with pytest.raises(MemoryConflictError) as raised:
        run_pram(program)
    assert (raised.value.step, raised.value.address, raised.value.processors) == (0, 0, (0, 3))
    result = run_pram(program, mode="CREW")
    assert result.peak_concurrent_reads == 2


def test_priority_lets_the_lowest_processor_win_and_arbitrary_the_highest():
    program = _build([[(5, isa.CONST, 0, 0, 0, 50), (2, isa.CONST, 0, 0, 0, 20),
                       (9, isa.CONST, 0, 0, 0, 90)]])
    assert run_pram(program, mode="CRCW-priority").output[0] == 20
    assert run_pram(program, mode="CRCW-arbitrary").output[0] == 90


def test_a_processor_reading_one_cell_twice_is_not_a_concurrent_read():
    program = _build([[(0, isa.CONST, 0, 0, 0, 3)], [(0, isa.ADD, 1, 0, 0, 0)]])
    result = run_pram(program, mode="EREW")
    assert result.output[1] == 6 and result.peak_concurrent_reads == 1


def test_reads_see_the_memory_before_the_step_so_a_swap_takes_one_step():
    program = _build([[(0, isa.CONST, 0, 0, 0, 1), (1, isa.CONST, 1, 0, 0, 2)],
                      [(0, isa.COPY, 0, 1, 0, 0), (1, isa.COPY, 1, 0, 0, 0)]])
    result = run_pram(program, mode="EREW")
    assert result.output[:2].tolist() == [2, 1]


def test_indirect_load_reads_the_cell_named_by_memory():
    program = _build([[(0, isa.CONST, 0, 0, 0, 2), (1, isa.CONST, 3, 0, 0, 42)],
                      [(0, isa.LOAD, 1, 0, 0, 1)]])
    result = run_pram(program, trace=True)
    assert result.output[1] == 42
    assert sorted(result.trace.step(1)[1][0].tolist()) == [-1, 0, 3]


def test_counters_count_processors_steps_work_and_distinct_cells():
    program = _build([[(0, isa.CONST, 0, 0, 0, 1), (1, isa.CONST, 1, 0, 0, 2),
                       (2, isa.CONST, 2, 0, 0, 3)],
                      [(0, isa.ADD, 3, 0, 1, 0)]])
    result = run_pram(program)
    assert (result.processors, result.parallel_time, result.work, result.memory_cells) == \
        (3, 2, 4, 4)


def test_trace_is_off_by_default_and_memory_is_kept_only_on_request():
    result = run_pram(_build([[(0, isa.CONST, 0, 0, 0, 1)]]))
    assert result.trace is None and result.memory is None
    assert result.as_dict()["output"] == [1, 0, 0, 0]


@pytest.mark.parametrize("rows, message", [
    ([[(0, isa.CONST, 0, 0, 0, 1), (0, isa.CONST, 1, 0, 0, 1)]], "processor 0 has two"),
    ([[(0, isa.COPY, 0, 9, 0, 0)]], "outside memory"),
    ([[(-1, isa.CONST, 0, 0, 0, 1)]], "negative processor"),
    ([[(0, 31, 0, 0, 0, 0)]], "unknown opcode"),
])
def test_malformed_programs_are_rejected_when_built(rows, message):
    with pytest.raises(MalformedMachineError, match=message):
        _build(rows)


def test_an_indirect_address_outside_memory_raises_at_run_time():
    program = _build([[(0, isa.CONST, 0, 0, 0, 100)], [(1, isa.LOAD, 1, 0, 0, 0)]])
    with pytest.raises(MalformedMachineError, match="step 1: processor 1 computed address 100"):
        run_pram(program)


def test_division_by_zero_raises():
    program = _build([[(0, isa.DIV_I, 0, 0, 0, 0)]])
    with pytest.raises(MalformedMachineError, match="divides by zero"):
        run_pram(program)


@pytest.mark.parametrize("kwargs, message", [
    (dict(mode="EREWW"), "not a PRAM mode"),
    (dict(max_steps=-1), "max_steps"),
    (dict(input_values=[1, 2]), "input_values must be 0 integers"),
])
def test_bad_arguments_raise_invalid_argument(kwargs, message):
    program = _build([[(0, isa.CONST, 0, 0, 0, 1)]])
    with pytest.raises(InvalidArgumentError, match=message):
        run_pram(program, **kwargs)


def test_a_run_that_would_not_fit_in_the_memory_budget_is_refused_before_allocating():
    from simulators.errors import MemoryBudgetError
    from simulators.pram.programs import prefix_sum_blelloch
    from simulators.validation import set_memory_budget
    program = prefix_sum_blelloch(1024)
    run_pram(program, np.ones(1024, np.int64))  # fits the default budget
    set_memory_budget(24 * program.memory_size - 1)  # conftest restores the budget
    with pytest.raises(MemoryBudgetError):
        run_pram(program, np.ones(1024, np.int64))


# --- direct steps checked once, indirect ones per run -----------------------------------

@st.composite
def direct_programs(draw):
    """Programs of direct rows only (no LOAD/STORE/CWRITE), many of them in strided runs:
    the steps the engine runs from the access pattern without per-cell checks."""
    size = draw(st.integers(4, 24))
    direct = [op for op in OPCODES if isa.OPCODE_NAMES[op] not in (
        "LOAD", "STORE", "CSTORE", "CSTORE_I", "CWRITE", "CWRITE_I")]
    builder = ProgramBuilder("direct")
    builder.alloc(size, fill=draw(st.lists(st.integers(-3, 9), min_size=size, max_size=size)))
    builder.set_output(0, size)
    for _ in range(draw(st.integers(1, 6))):
        with builder.step():
            first = 0
            for _ in range(draw(st.integers(1, 3))):  # runs of one opcode in the step
                op = draw(st.sampled_from(direct))
                count = draw(st.integers(1, 6))
                stride = draw(st.integers(0, 3))
                def operand():
                    start = draw(st.integers(0, size - 1))
                    return np.clip(start + stride * np.arange(count), 0, size - 1)
                immediate = np.full(count, draw(st.integers(-3, 3)))
                name = isa.OPCODE_NAMES[op]
                builder.emit(op, proc=first + np.arange(count), dst=operand(), a=operand(),
                             b=operand() if isa.READS_B[op] else immediate,
                             c=operand() if isa.READS_C[op] else immediate)
                first += count
    return builder.build("CRCW-priority")


@settings(max_examples=300, deadline=None)
@given(program=direct_programs(), mode=st.sampled_from(MODES))
def test_direct_steps_run_from_the_access_pattern_agree_with_the_interpreter(program, mode):
    try:
        memory, counters, _ = interpret(program, [], mode)
    except (MemoryConflictError, MalformedMachineError) as error:
        with pytest.raises(type(error)) as raised:
            run_pram(program, mode=mode)
        if isinstance(error, MemoryConflictError):
            assert (raised.value.step, raised.value.address, raised.value.processors) == \
                (error.step, error.address, error.processors)
        return
    result = run_pram(program, mode=mode, keep_memory=True)
    assert result.memory.tolist() == memory
    assert counters == dict(processors=result.processors, parallel_time=result.parallel_time,
                            work=result.work, memory_cells=result.memory_cells,
                            peak_concurrent_reads=result.peak_concurrent_reads)


def test_a_direct_conflict_is_refused_before_the_run_starts(monkeypatch):
    from simulators.pram import machine
    program = _build([[(0, isa.CONST, 0, 0, 0, 1)], [(0, isa.COPY, 1, 0, 0, 0)],
                      [(2, isa.CONST, 3, 0, 0, 1), (5, isa.CONST, 3, 0, 0, 2)]])

    def no_kernel(*args):
        raise AssertionError("the kernel ran")

    monkeypatch.setattr(machine, "_run_steps", no_kernel)
    with pytest.raises(MemoryConflictError, match="step 2: processors 2 and 5 both write "
                       "address 3 under EREW .found before the run started") as raised:
        run_pram(program)
    assert (raised.value.step, raised.value.address, raised.value.processors) == (2, 3, (2, 5))
    with pytest.raises(MemoryConflictError, match="before the run started"):
        run_pram(program, mode="CREW")
    # negative controls: the conflict is beyond the step limit, or the mode allows it
    monkeypatch.undo()
    assert run_pram(program, max_steps=2).stopped_by == "max_steps"
    assert run_pram(program, mode="CRCW-arbitrary").output[3] == 2


def test_a_division_before_a_direct_conflict_is_still_found_first():
    program = _build([[(0, isa.DIV, 0, 0, 1, 0)],
                      [(2, isa.CONST, 3, 0, 0, 1), (5, isa.CONST, 3, 0, 0, 2)]])
    with pytest.raises(MalformedMachineError, match="step 0: processor 0 divides by zero"):
        run_pram(program)


def test_indirect_reads_are_checked_on_every_run_with_the_input_they_get():
    # processors 0 and 1 LOAD through pointers in cells 0 and 1 (the input)
    builder = ProgramBuilder("gather")
    builder.alloc(6)
    builder.set_input(0, 2)
    builder.set_output(2, 2)
    with builder.step():
        builder.emit(isa.LOAD, proc=[0, 1], dst=[2, 3], a=[0, 1], c=0)
    program = builder.build("EREW")
    assert run_pram(program, [4, 5]).output.tolist() == [0, 0]  # distinct cells: fine
    with pytest.raises(MemoryConflictError, match="step 0: processors 0 and 1 both read "
                       "address 4 under EREW$"):
        run_pram(program, [4, 4])  # the same cell: refused on this run, not before
    assert run_pram(program, [5, 4]).output.tolist() == [0, 0]
    assert run_pram(program, [4, 4], mode="CREW").peak_concurrent_reads == 2


# --- chunks and Ctrl-C -------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(case=programs(), chunk=st.sampled_from([1, 2, 7, 50]), mode=st.sampled_from(MODES),
       limit=st.integers(0, 6))
def test_a_run_in_chunks_equals_a_run_in_one_go(case, chunk, mode, limit):
    from simulators.pram import machine
    program, inputs = case
    try:
        whole = run_pram(program, inputs, mode=mode, max_steps=limit, keep_memory=True)
    except (MemoryConflictError, MalformedMachineError) as error:
        whole = error
    previous, machine._CHUNK_ROWS = machine._CHUNK_ROWS, chunk
    try:
        chunked = run_pram(program, inputs, mode=mode, max_steps=limit, keep_memory=True)
    except (MemoryConflictError, MalformedMachineError) as error:
        chunked = error
    finally:
        machine._CHUNK_ROWS = previous
    if isinstance(whole, Exception):
        assert type(chunked) is type(whole) and str(chunked) == str(whole)
        return
    assert chunked.memory.tolist() == whole.memory.tolist()
    assert chunked.as_dict() == whole.as_dict()


def test_ctrl_c_between_chunks_returns_the_steps_done_so_far_as_interrupted(monkeypatch):
    import os
    import signal
    from simulators.pram import machine
    from simulators.pram.programs import prefix_sum_blelloch
    program = prefix_sum_blelloch(64)
    values = np.arange(64)
    kernel, calls = machine._run_steps, []

    def press_ctrl_c_after_the_second_chunk(*args):
        outcome = kernel(*args)
        calls.append(outcome[1])
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return outcome

    monkeypatch.setattr(machine, "_CHUNK_ROWS", 100)
    monkeypatch.setattr(machine, "_run_steps", press_ctrl_c_after_the_second_chunk)
    result = run_pram(program, values, keep_memory=True)
    assert result.stopped_by == "interrupted" and len(calls) == 2
    assert 0 < result.parallel_time == calls[-1] < program.steps
    monkeypatch.undo()
    same = run_pram(program, values, max_steps=result.parallel_time, keep_memory=True)
    assert same.memory.tolist() == result.memory.tolist()
    assert {**same.as_dict(), "stopped_by": "interrupted"} == result.as_dict()
    # negative control: without Ctrl-C the run goes to the end
    assert run_pram(program, values).stopped_by == "halted"


def test_the_builder_refuses_memory_that_int32_addresses_cannot_reach():
    builder = ProgramBuilder("huge")
    builder.alloc(2**31 - 2)
    with pytest.raises(MalformedMachineError, match="fewer than 2\\^31"):
        builder.alloc(2)
    builder.alloc(1)  # negative control: the last address int32 holds is fine


def test_an_emitted_value_outside_int32_is_refused_when_built():
    builder = ProgramBuilder("wide")
    builder.alloc(2)
    with builder.step():
        builder.emit(isa.CONST, proc=0, dst=0, c=2**31)
    with pytest.raises(MalformedMachineError, match="field c holds values outside int32"):
        builder.build("EREW")
