"""Benchmark groups for ``genpower bench``: each module here defines ``run(quick) -> list[BenchRow]``.

Goals are ratios within one run (a shared 2-core machine moves absolute rates by about
30 %); absolute rates and times are rows without a goal, shown for orientation. The one
goal in absolute units is the Python-policy loop's cost per step above calling the policy,
which is what a loop controls.
"""

import time
from dataclasses import asdict, dataclass

__all__ = ["BenchRow", "best_time"]


@dataclass(frozen=True)
class BenchRow:
    """One measured figure of ``genpower bench``.

    Attributes
    ----------
    name : str
        What was measured, e.g. ``"apmdm g dense vs numpy copy"``.
    value : float or None
        The figure (a ratio or a rate), stored as a Python float; None when it was not
        measured (a tool is missing: the row is skipped, ``met`` None; or the runs compared
        disagree, ``met`` False).
    unit : str
        Its unit, e.g. ``"x"`` for a ratio or ``"steps/s"``.
    goal : str
        The target from DESIGN.md, e.g. ``"<= 3x"``; empty if none (orientation rows).
    met : bool or None
        Whether the goal was met; None where there is no goal. Stored as a Python bool,
        so a NumPy comparison may be passed.
    detail : str
        How it was measured (sizes, repetitions, the reference it is compared with).
    """

    name: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    detail: str = ""

    def __post_init__(self):
        # rows are built from NumPy figures; JSON takes only Python scalars
        if self.value is not None:
            object.__setattr__(self, "value", float(self.value))
        if self.met is not None:
            object.__setattr__(self, "met", bool(self.met))

    def as_dict(self):
        """Return the row as a plain dict (for ``--json``)."""
        return asdict(self)

    def shown_value(self):
        """The figure as printed: ``1.23e+04 x``, or ``skipped`` / ``not measured``.

        >>> BenchRow("a", None, "x", met=None).shown_value(), BenchRow("b", 2.5, "x").shown_value()
        ('skipped', '2.5 x')
        """
        if self.value is None:
            return "skipped" if self.met is None else "not measured"
        return f"{self.value:.4g} {self.unit}"


def best_time(function, repeat=5):
    """Return the smallest wall time in seconds of ``repeat`` calls to ``function()``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best
