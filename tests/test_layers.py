"""The layers keep one direction of dependency: genpower -> proofs -> simulators, theory; nothing imports genpower back; argparse only in genpower."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def imported_packages(package):
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {(alias.name.split(".")[0], path) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((node.module.split(".")[0], path))
    return found


@pytest.mark.parametrize("package, forbidden", [
    ("simulators", {"theory", "proofs", "genpower", "argparse"}),
    ("theory", {"simulators", "proofs", "genpower", "argparse"}),
    ("proofs", {"genpower", "argparse"}),
])
def test_layer_does_not_import(package, forbidden):
    offenders = sorted(f"{path.relative_to(ROOT)} imports {name}"
                       for name, path in imported_packages(package) if name in forbidden)
    assert not offenders, offenders
