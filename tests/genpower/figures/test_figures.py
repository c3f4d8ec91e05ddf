"""Every available figure is written as PNG, SVG and a CSV whose rows are its data."""

import csv

import pytest

from genpower.cli import main
from genpower.figures import FIGURES, write_figure


@pytest.mark.parametrize("number", [6, 8, 3])
def test_a_figure_writes_png_svg_and_csv(number, tmp_path):
    png, svg, table = write_figure(number, tmp_path, quick=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svg.read_text()[:500]
    rows = list(csv.reader(table.open()))
    assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)


def test_parity_figure_data_are_the_machines_bounds(tmp_path):
    *_, table = write_figure(6, tmp_path, quick=True)
    for row in csv.DictReader(table.open()):
        n, steps = int(row["n"]), int(row["steps"])
        limit = {"apmdm": 2 * n, "mdm": (n - 1).bit_length(), "arm": n + 1}[row["machine"]]
        assert steps <= limit and row["correct"] == "True"


def test_a_figure_without_data_is_listed_not_faked(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(FIGURES, 5, ("waiting for its measurement", None))
    assert write_figure(5, tmp_path) is None
    assert main(["figures", "--out", str(tmp_path), "--only", "5"]) == 0
    assert "not available yet" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())


def test_figure_1_one_token_per_step_line_is_measured_on_masked_arm_runs(tmp_path):
    *_, table = write_figure(1, tmp_path, quick=True)
    measured = [row for row in csv.DictReader(table.open()) if row["masked_arm_steps"]]
    assert measured and all(row["family"] == "prefix sums" for row in measured)
    for row in measured:  # Theorem 3's Masked-ARM: a 3-token log entry per token written
        assert int(row["masked_arm_steps"]) == 3 * int(row["mdm_tokens_written"])


def test_figure_4_tokens_per_step_are_measured(tmp_path):
    *_, table = write_figure(4, tmp_path, quick=True)
    for row in csv.DictReader(table.open()):
        assert float(row["marm_tokens_per_step"]) == 1.0 and row["marm_max_parallel"] == "1"
        assert int(row["mdm_max_parallel"]) > 1


def test_series_drawn_over_one_another_keep_their_markers_showing():
    # figure 6's MDM and ARM contexts (2n, 2n + 3) meet on a log axis: each later series
    # has its own hollow marker, smaller and thinner, so the earlier one shows around it
    from genpower.figures import series_style
    styles = [series_style(index) for index in range(4)]
    assert len({style["marker"] for style in styles}) == 4
    assert all(style["markerfacecolor"] == "none" for style in styles)
    sizes = [style["markersize"] for style in styles]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4


def test_figure_6_draws_each_machine_with_its_own_marker(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    from genpower.figures.parity import machines
    figure, _, _ = machines(quick=True)
    for ax in figure.axes:
        lines = [line for line in ax.get_lines() if line.get_label() in
                 {"AP-MDM (elimination)", "MDM (XOR tree)", "ARM (prefix parities)"}]
        assert len(lines) == 3 and len({line.get_marker() for line in lines}) == 3
