"""The package lists every family it holds, and each listed family has the family interface."""

import importlib
import pkgutil

import pytest

import theory.families
from theory.families import FAMILIES

INTERFACE = ("generate", "parse", "solve", "verify", "CASES", "COMPLEXITY")


def test_families_lists_every_family_module_once():
    modules = {info.name for info in pkgutil.iter_modules(theory.families.__path__)
               if not info.name.startswith("_")}
    assert sorted(FAMILIES) == sorted(modules)
    assert all(f"- {name}:" in theory.families.__doc__ for name in FAMILIES)


@pytest.mark.parametrize("name", FAMILIES)
def test_listed_family_has_the_interface(name):
    module = importlib.import_module(f"theory.families.{name}")
    assert [attribute for attribute in INTERFACE if not hasattr(module, attribute)] == []
