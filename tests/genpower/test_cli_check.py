"""genpower check: the JSON shape, the exit status, and Dask giving the serial run's JSON."""

import json
import sys

import pytest

from proofs.measurements import Measurement, measurements
from genpower.cli import main
from theory.claims import PAPER_CLAIMS

FIELDS = {"claim", "verdict", "sizes", "measured", "bound", "fitted", "machine", "family",
          "resource", "constant", "constant_source", "failures", "slope"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    path = tmp_path_factory.mktemp("check") / "claims.json"
    status = main(["check", "--quick", "--json", str(path)])
    return status, json.loads(path.read_text())


def test_quick_lists_every_paper_claim_with_the_fields(quick):
    status, results = quick
    assert status == 0
    assert all(FIELDS <= set(r) for r in results)
    assert set(PAPER_CLAIMS) <= {r["claim"] for r in results}
    assert {r["verdict"] for r in results} <= {"holds", "holds (law)", "fails"}


def test_quick_measures_every_claim_and_controls_fail_for_their_reason(quick):
    _, results = quick
    for r in results:
        assert r["measured"] and r["ok"], r
        if r["claim"].startswith("NEG-"):
            assert r["verdict"] == "fails" and r["failures"], r
        else:
            assert r["verdict"].startswith("holds") and r["constant"] is not None, r


def broken(n, seed):
    """A planted bug: an ARM that takes n² steps."""
    return {"n": n, "value": n * n, "correct": True}


def test_exit_1_when_a_claim_that_should_hold_fails(monkeypatch, capsys):
    argv = ["check", "--claim", "E-parity-arm-steps", "--sizes", "4", "16", "64", "--json", "-"]
    assert main(argv) == 0
    monkeypatch.setitem(measurements(), "E-parity-arm-steps", Measurement(broken, (), ()))
    capsys.readouterr()
    assert main(argv) == 1
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "fails"


def test_exit_1_when_a_control_holds(monkeypatch):
    argv = ["check", "--claim", "NEG-apmdm-maxflow-constant-steps", "--sizes", "4", "16", "64",
            "--json", "-"]
    assert main(argv) == 0
    constant = Measurement(lambda n, seed: {"n": n, "value": 3, "correct": True}, (), ())
    monkeypatch.setitem(measurements(), "NEG-apmdm-maxflow-constant-steps", constant)
    assert main(argv) == 1


def test_an_inconclusive_claim_exits_1_unless_allowed(monkeypatch):
    def unmeasurable(n, seed):
        return {"n": n, "value": None, "correct": None, "unmeasured": "the extra is missing"}
    monkeypatch.setitem(measurements(), "E-parity-arm-steps", Measurement(unmeasurable, (), ()))
    argv = ["check", "--claim", "E-parity-arm-steps", "--sizes", "4", "16", "--json", "-"]
    assert main(argv) == 1
    assert main([*argv, "--allow-inconclusive"]) == 0


def test_a_control_failing_for_another_reason_exits_1(monkeypatch):
    argv = ["check", "--claim", "NEG-cheating-policy", "--sizes", "4", "16", "--json", "-"]
    assert main(argv) == 0
    wrong = Measurement(lambda n, seed: {"n": n, "value": 1, "correct": False}, (), ())
    monkeypatch.setitem(measurements(), "NEG-cheating-policy", wrong)
    assert main(argv) == 1


def test_self_test_turns_a_verdict_for_every_planted_fault(capsys):
    from proofs.self_test import FAULTS
    assert len(FAULTS) >= 10
    assert main(["check", "--self-test"]) == 0
    out = capsys.readouterr().out
    assert f"{len(FAULTS)} planted faults, {len(FAULTS)} turned a verdict" in out
    for fault in FAULTS:
        assert f"{fault.name}: " in out and f"{fault.name}: NOTHING" not in out


def test_unknown_claim_is_one_line_exit_2(capsys):
    assert main(["check", "--claim", "T7"]) == 2
    assert "no claim 'T7'" in capsys.readouterr().err


def test_dask_gives_the_serial_json(tmp_path, capsys):
    pytest.importorskip("dask.distributed", reason="dask is an optional extra: "
                        "pip install 'genpower[dask]'")
    argv = ["check", "--claim", "E-parity-arm-steps", "NEG-cheating-policy",
            "--sizes", "4", "8", "16"]
    serial, parallel = tmp_path / "serial.json", tmp_path / "dask.json"
    assert main([*argv, "--json", str(serial)]) == 0
    assert main([*argv, "--json", str(parallel), "--workers", "2"]) == 0
    assert json.loads(serial.read_text()) == json.loads(parallel.read_text())


def test_the_serial_path_imports_no_dask(tmp_path):
    import subprocess
    code = ("import sys; from genpower.cli import main; "
            "main(['check', '--claim', 'E-parity-arm-steps', '--sizes', '4', '8', '16', "
            "'--json', '-']); assert 'dask' not in sys.modules, 'dask imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
