"""Benchmark groups for ``genpower bench``: each module here defines ``run(quick) -> list[BenchRow]``.

Speeds are reported as ratios within one run (this machine is noisy); absolute rates are
shown for orientation only.
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
        The figure (a ratio or a rate); None when it was not measured (a tool is missing:
        the row is skipped, ``met`` None; or the runs compared disagree, ``met`` False).
    unit : str
        Its unit, e.g. ``"x"`` for a ratio or ``"steps/s"``.
    goal : str
        The target from DESIGN.md, e.g. ``"<= 3x"``; empty if none.
    met : bool or None
        Whether the goal was met; None where there is no goal.
    detail : str
        How it was measured (sizes, repetitions, the reference it is compared with).
    """

    name: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    detail: str = ""

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
