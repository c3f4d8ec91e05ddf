"""Write one self-contained HTML page that animates one run, or two runs side by side at their first difference.

The page is the template ``page.html`` (shipped with the package) with the runs inlined:
a JSON header (vocabulary, view, operation names) and the operations as flat binary
arrays, zlib-compressed and base64-encoded, which the page inflates with the browser's
``DecompressionStream``. No server, no network, no file beside it.
"""

import base64
import html
import json
import math
import zlib
from importlib.resources import files
from pathlib import Path

import numpy as np

from genpower.show.compare import first_difference
from genpower.show.trajectory import running_resources
from simulators.errors import InvalidArgumentError

__all__ = ["view_of", "page_payload", "page_html", "write_page"]

_SUDOKU_SIDES = (4, 9, 16)
_MAXFLOW_HEAD = ("PROMPT", "SRC", "TGT", "GRAPH", "NODES")


def _maxflow_graph(trajectory):
    """Source, target, edges and nodes read from the prompt (names as the vocabulary has them)."""
    names = trajectory.names
    tokens = [names[t] for t in trajectory.initial]
    if tokens[:1] != ["PROMPT"] or "GRAPH" not in tokens or "NODES" not in tokens:
        return None
    graph, nodes_at = tokens.index("GRAPH"), tokens.index("NODES")
    edges, nodes = [], []
    for start in range(graph + 1, nodes_at, 4):
        if tokens[start:start + 4:3] != ["(", ")"]:
            return None
        edges.append((int(tokens[start + 1]), int(tokens[start + 2])))
    for start in range(nodes_at + 1, len(tokens), 3):
        if tokens[start:start + 3:2] != ["(", ")"]:
            return None
        nodes.append(int(tokens[start + 1]))
    return int(tokens[2]), int(tokens[4]), edges, nodes


def _layered_layout(source, edges, nodes):
    """Node positions in [0, 1]²: columns by BFS distance from the source, left to right."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), source)
    far = max(distance.values(), default=0) + 1
    columns = {}
    for node in sorted(nodes):
        columns.setdefault(distance.get(node, far), []).append(node)
    width = max(columns) or 1
    layout = {}
    for column, members in columns.items():
        for row, node in enumerate(members):  # zig-zag a column so its edges do not overlap
            x = (column + (0.28 if row % 2 and len(members) > 1 else 0)) / (width + 0.28)
            layout[node] = (round(x, 4), round((row + 0.5) / len(members), 4))
    return layout


def view_of(trajectory):
    """Return how the page draws ``trajectory``: a Sudoku board, a max-flow graph beside
    the token strip, or the token strip alone.

    Returns
    -------
    dict
        ``{"kind": "sudoku", "side": n}``, ``{"kind": "maxflow", ...}`` (source, target,
        edges, nodes and a layout) or ``{"kind": "strip"}``.
    """
    names = trajectory.names
    if names is None:
        return {"kind": "strip"}
    cells, extra = divmod(len(trajectory.initial), 4)
    side = math.isqrt(cells)
    if ({"[EMPTY]", "[WHITE]", "[NORMAL]", "[SEP]"} <= set(names) and not extra
            and side * side == cells and side in _SUDOKU_SIDES):
        return {"kind": "sudoku", "side": side}
    if tuple(names[:5]) == _MAXFLOW_HEAD:
        graph = _maxflow_graph(trajectory)
        if graph is not None:
            source, target, edges, nodes = graph
            layout = _layered_layout(source, edges, nodes)
            return {"kind": "maxflow", "source": source, "target": target, "edges": edges,
                    "nodes": nodes, "layout": {str(v): xy for v, xy in layout.items()}}
    return {"kind": "strip"}


class _Blob:
    """Binary arrays packed one after another, each 8-byte aligned, with an index."""

    def __init__(self):
        self.parts, self.size = [], 0

    def add(self, array):
        array = np.ascontiguousarray(array)
        dtype = {np.dtype(np.uint8): "u8", np.dtype(np.uint16): "u16",
                 np.dtype(np.int32): "i32", np.dtype(np.uint32): "u32"}[array.dtype]
        entry = {"offset": self.size, "length": int(array.size), "type": dtype}
        data = array.tobytes()
        pad = -len(data) % 8
        self.parts.append(data + b"\0" * pad)
        self.size += len(data) + pad
        return entry

    def encoded(self):
        return base64.b64encode(zlib.compress(b"".join(self.parts), 9)).decode("ascii")


def _run_payload(trajectory, blob):
    steps = trajectory.steps
    resources = running_resources(trajectory)
    run = {"title": trajectory.title, "names": list(trajectory.names or []) or None,
           "mask_id": int(trajectory.mask_id), "steps": steps,
           "peak_context": int(resources["peak_context"][-1]), "view": view_of(trajectory),
           "info": {k: v if isinstance(v, (int, float, str)) else str(v)
                    for k, v in trajectory.info.items()}}
    if trajectory.operations is not None:
        table = sorted(set(trajectory.operations))
        index = {name: i for i, name in enumerate(table)}
        kind = np.uint16 if len(table) < 2**16 else np.uint32
        run["operation_names"] = table
        run["operation_index"] = blob.add(np.array([index[n] for n in trajectory.operations],
                                                   kind))
    small = trajectory.initial.max(initial=0) < 2**16 and trajectory.tokens.max(initial=0) < 2**16
    tokens = np.uint16 if small else np.int32
    run["arrays"] = {
        "initial": blob.add(trajectory.initial.astype(tokens)),
        "counts": blob.add(np.diff(trajectory.offsets).astype(np.uint32)),
        "kinds": blob.add(trajectory.kinds.astype(np.uint8)),
        # positions as the step-to-step change of the position (small numbers compress well)
        "positions": blob.add(np.diff(trajectory.positions.astype(np.int64), prepend=0)
                              .astype(np.int32)),
        "tokens": blob.add(trajectory.tokens.astype(tokens)),
    }
    return run


def page_payload(trajectories, title=None):
    """Return ``(header, data)``: the JSON-able header and the base64 text of the arrays.

    With two trajectories the header holds their first difference (``{"step",
    "position"}``, or None when they are equal), where the page opens.

    Raises
    ------
    InvalidArgumentError
        For no trajectory or more than two.
    """
    trajectories = list(trajectories)
    if not 1 <= len(trajectories) <= 2:
        raise InvalidArgumentError(f"a page shows one run or two, not {len(trajectories)}")
    blob = _Blob()
    header = {"title": title or " vs ".join(t.title for t in trajectories),
              "runs": [_run_payload(t, blob) for t in trajectories], "difference": None}
    if len(trajectories) == 2:
        difference = first_difference(*trajectories)
        header["difference"] = None if difference is None else {
            "step": difference.step, "position": difference.position}
    return header, blob.encoded()


def _filled(header, data):
    template = files("genpower.show").joinpath("page.html").read_text(encoding="utf-8")
    meta = json.dumps(header, separators=(",", ":")).replace("</", "<\\/")
    return (template.replace("{{TITLE}}", html.escape(header["title"]))
            .replace("{{META}}", meta).replace("{{DATA}}", data))


def page_html(trajectories, title=None):
    """Return the page of one or two :class:`~genpower.show.trajectory.Trajectory` as HTML text.

    Raises
    ------
    InvalidArgumentError
        For no trajectory or more than two.
    """
    return _filled(*page_payload(trajectories, title))


def write_page(path, trajectories, title=None):
    """Write the page of ``trajectories`` to ``path``; return ``(size in bytes, difference)``.

    ``difference`` is the first difference of two runs as the page shows it
    (``{"step", "position"}``), or None.

    Raises
    ------
    InvalidArgumentError
        For no trajectory or more than two, or a path that cannot be written.
    """
    header, data = page_payload(trajectories, title)
    text = _filled(header, data)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidArgumentError(f"cannot write {path}: {error.strerror}") from None
    return len(text.encode("utf-8")), header["difference"]
