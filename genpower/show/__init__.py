"""See a run: one self-contained HTML page that animates a trajectory, or two runs side by side.

>>> import genpower.show as show
>>> trajectory = show.from_trace(result.trace)          # doctest: +SKIP
>>> show.write_page("run.html", [trajectory])           # doctest: +SKIP
>>> show.write_page("diff.html", [model, oracle])       # doctest: +SKIP
"""

from genpower.show.compare import Difference, first_difference
from genpower.show.page import page_html, page_payload, view_of, write_page
from genpower.show.runs import from_task_run, two_runs_page
from genpower.show.sources import load_trajectory
from genpower.show.trajectory import Trajectory, from_samples, from_trace, running_resources

__all__ = ["Trajectory", "from_trace", "from_samples", "from_task_run", "load_trajectory",
           "running_resources", "Difference", "first_difference", "view_of", "page_payload",
           "page_html", "write_page", "two_runs_page"]

