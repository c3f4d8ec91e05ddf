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
    figure, ax = plt.subplots()
    from theory.lattice import draw_lattice
    draw_lattice(graph, ax)
    assert {t.get_text() for t in ax.texts} >= {"PSPACE", "MDM[poly context]"}
    assert ax.patches  # the ⊆ arrows
    plt.close(figure)
