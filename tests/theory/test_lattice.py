"""The class lattice answers from its edges, and every edge cites a source."""

import pytest

from theory.errors import ClaimInputError
from theory.lattice import COMPLEXITY_CHAIN, build_lattice, contained_in, decides, where


@pytest.fixture(scope="module")
def graph():
    return build_lattice()


def test_the_classical_chain_is_ordered(graph):
    for smaller, larger in zip(COMPLEXITY_CHAIN, COMPLEXITY_CHAIN[1:]):
        assert larger in contained_in(graph, smaller)
    assert "AC0" not in contained_in(graph, "PSPACE")


def test_every_edge_cites_a_source(graph):
    assert all(source for _, _, source in graph.edges(data="source"))


@pytest.mark.parametrize("machine, classes", [
    ("MDM[poly context]", ["P"]), ("ARM[poly context]", ["P"]),
    ("AP-MDM[poly context]", ["PSPACE"]), ("MDM[polylog steps, poly context]", ["NC"]),
    ("Masked-ARM[poly context]", ["P"])])
def test_what_a_machine_class_decides(graph, machine, classes):
    assert decides(graph, machine) == classes


def test_where_two_sided_dyck_sits(graph):
    answer = where(graph, "two-sided Dyck-k")
    assert answer["complete"] == ["NC1"]
    assert "TC0" not in answer["in"] and "L" in answer["in"]
    assert answer["generated"] == ["AP-MDM[poly context]"]
    assert any("Theorem 5" in s for s in answer["sources"])


def test_parity_is_outside_ac0(graph):
    assert where(graph, "parity")["not in"] == ["AC0"]


def test_unknown_nodes_are_refused_with_close_matches(graph):
    with pytest.raises(ClaimInputError, match="did you mean"):
        decides(graph, "MDM[poly contxt]")
    with pytest.raises(ClaimInputError, match="no problem"):
        where(graph, "P")


def test_it_draws(graph):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.path import Path
    figure, ax = plt.subplots(figsize=(12, 8))  # figure 8's size
    from theory.lattice import draw_lattice
    inferred = draw_lattice(graph, ax)
    figure.canvas.draw()
    assert {t.get_text() for t in ax.texts} >= {"PSPACE", "MDM[poly context]"}
    # every inferred edge, and only those, is drawn dashed, numbered, with its source below
    guessed = {(u, v) for u, v, source in graph.edges(data="source")
               if source.startswith("INFERRED") and graph.nodes[u]["kind"] != "problem"}
    assert {(a, b) for _, a, b, _ in inferred} == guessed
    arrows = [t.arrow_patch for t in ax.texts if getattr(t, "arrow_patch", None)]
    assert sum(a.get_linestyle() != "-" for a in arrows) == len(guessed)
    assert all(f"[{k}]" in {t.get_text() for t in ax.texts} for k, *_ in inferred)
    # no arrow starts, or puts its head, inside a box: each stops outside the boxes it joins
    boxes = [t.get_bbox_patch() for t in ax.texts if t.get_bbox_patch() is not None
             and not t.get_text().startswith("[")]
    for arrow in arrows:
        path = arrow.get_path()
        ends = path.vertices[(path.codes == Path.MOVETO) | (path.codes == Path.LINETO)]
        assert len(ends) >= 3  # the line's start and the head's corners
        for point in ends:
            assert not any(box.contains_point(point) for box in boxes)
    plt.close(figure)
