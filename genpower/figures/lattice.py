"""Figure 8: the class lattice of theory.lattice, complexity classes and machine classes."""

__all__ = ["lattice"]


def lattice(quick=False):
    """Return ``(figure, header, rows)``: one row per ⊆ edge with its source."""
    import matplotlib.pyplot as plt

    from theory.lattice import build_lattice, draw_lattice
    graph = build_lattice()
    figure, ax = plt.subplots(figsize=(12, 8))
    draw_lattice(graph, ax)
    ax.set_title("Figure 8 — class lattice: an arrow A → B means A ⊆ B; two arcs, A = B\n"
                 "(blue: complexity classes; orange: machine classes, in the row of the class "
                 "they equal, else below the smallest containing one)")
    rows = [(u, v, data["relation"], data["source"]) for u, v, data in graph.edges(data=True)]
    return figure, ("from", "to", "relation", "source"), rows
