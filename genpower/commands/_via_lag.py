"""Print ``genpower tm SPEC --via lag``: the TM run through a lag system on a sliding-window ARM."""

import json

from genpower.arguments import exit_status
from proofs.constructions.tm_to_arm import run_tm_via_lag

__all__ = ["main_via_lag"]


def main_via_lag(spec, max_steps, window, json_output):
    """Run ``spec`` via lag and ARM and print the recovered run (JSON with ``json_output``)."""
    result = run_tm_via_lag(spec, max_steps=max_steps, window=window)
    report = {"machine": spec.strip(), "via": "lag"} | result.as_dict()
    if json_output:
        print(json.dumps(report))
        return exit_status(result.stopped_by)
    for name, value in report.items():
        print(f"{name:<16} {value}")
    return exit_status(result.stopped_by)
