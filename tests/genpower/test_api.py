"""`import genpower as gp` gives the documented API, lazily."""

import subprocess
import sys

import pytest

import genpower as gp


@pytest.mark.parametrize("name", gp.__all__)
def test_every_exported_name_resolves(name):
    assert getattr(gp, name) is not None


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'runn'"):
        gp.runn


def test_import_genpower_loads_no_engine():
    code = "import sys, genpower; print('numba' in sys.modules, 'simulators.run' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_check_is_the_checker():
    from proofs.checker import check_claims

    assert gp.check is check_claims
