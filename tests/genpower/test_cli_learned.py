"""genpower evaluate / train: the table, JSON and plot; bad models exit 2 with one line."""

import json

import pytest

from genpower.cli import main


def test_evaluate_oracle_writes_json_and_plot(tmp_path, capsys):
    out, figure = tmp_path / "eval.json", tmp_path / "eval.png"
    status = main(["evaluate", "oracle", "--task", "parity", "--machine", "apmdm", "--n", "4", "9",
                   "--count", "3", "--json", str(out), "--plot", str(figure)])
    assert status == 0
    data = json.loads(out.read_text())
    assert [s["n"] for s in data["sizes"]] == [4, 9]
    assert all(s["accuracy"] == 1.0 and s["diverged"] == 0 for s in data["sizes"])
    assert figure.stat().st_size > 0
    assert "accuracy" in capsys.readouterr().out


def test_evaluate_a_numpy_model_from_a_file(tmp_path):
    source = tmp_path / "stand_in.py"
    source.write_text(
        "import numpy as np\n"
        "def model(tokens, lengths):\n"
        "    b, l = tokens.shape\n"
        "    return {'unmasking_logits': np.zeros((b, l, 8)),\n"
        "            'remasking_logits': np.full((b, l), -9.0),\n"
        "            'expansion_logits': np.full((b, l), -9.0),\n"
        "            'contraction_logits': np.full((b, l), -9.0)}\n")
    out = tmp_path / "eval.json"
    assert main(["evaluate", f"{source}:model", "--task", "parity", "--n", "5", "--count", "2",
                 "--json", str(out)]) == 0
    size = json.loads(out.read_text())["sizes"][0]
    assert size["endings"] == {"no answer (fixed_point)": 2} and size["accuracy"] == 0.0
    assert size["first_divergence"]["step"] == 0


@pytest.mark.parametrize("model", ["nowhere.py:model", "nonsense", "missing.pt"])
def test_evaluate_refuses_a_model_it_cannot_load(model, capsys):
    assert main(["evaluate", model, "--task", "parity"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_train_then_evaluate(tmp_path):
    pytest.importorskip("torch")
    checkpoint = tmp_path / "p.pt"
    assert main(["train", "parity", "--official", "--steps", "5", "--hidden", "8", "--heads",
                 "2", "--blocks", "1", "--out", str(checkpoint)]) == 0
    assert main(["evaluate", str(checkpoint), "--task", "parity", "--n", "4", "--count",
                 "2"]) == 0


def test_check_learned_without_checkpoints_is_inconclusive_and_says_how_to_make_them(tmp_path, capsys):
    assert main(["check", "--learned", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "L-parity-apmdm-length-generalisation: inconclusive" in out
    assert "genpower train parity" in out or "extra learn not installed" in out
    assert main(["check", "--learned", str(tmp_path), "--allow-inconclusive"]) == 0
