"""Laws of the one name lookup: it returns the entry, or raises the caller's error with close matches;
every registry of the package is a Registry."""

import ast
from pathlib import Path

import pytest

from theory.errors import ClaimInputError
from theory.registry import Registry, close_matches, lookup

ROOT = Path(__file__).parents[2]
ENTRIES = {"parity": 1, "prefix_sums": 2, "sudoku": 3}


def test_lookup_returns_the_entry_of_a_known_name():
    assert lookup(ENTRIES, "sudoku", "task") == 3
    assert lookup(["a", "b"], "b", "class") == "b"


def test_lookup_of_an_unknown_name_raises_the_given_error_with_matches_and_listing():
    with pytest.raises(ClaimInputError) as info:
        lookup(ENTRIES, "parit", "task", error=ClaimInputError)
    assert str(info.value) == ("no task 'parit'; did you mean parity? "
                               "known: parity, prefix_sums, sudoku")


def test_no_suggestion_when_nothing_is_close_and_a_listing_may_be_replaced():
    with pytest.raises(LookupError, match=r"^no claim 'zzz'; see claim_ids\(\)$"):
        lookup(ENTRIES, "zzz", "claim", known="see claim_ids()")
    assert close_matches("zzz", ENTRIES) == []


def test_only_the_registry_and_the_pram_opcode_hint_suggest_names():
    # simulators may not import theory, so the PRAM builder's opcode hint keeps its own call
    users = sorted(str(path.relative_to(ROOT))
                   for package in ("simulators", "theory", "proofs", "genpower")
                   for path in (ROOT / package).rglob("*.py")
                   if any(isinstance(node, ast.Attribute) and node.attr == "get_close_matches"
                          for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    assert users == ["simulators/pram/program.py", "theory/registry.py"]


def test_a_registry_loads_an_entry_only_when_got_and_sees_entries_added_later():
    loaded = []
    registry = Registry("task", {"parity": "p"}, error=ClaimInputError,
                        load=lambda entry: loaded.append(entry) or entry.upper())
    assert registry.names() == ["parity"] and loaded == []
    assert registry.get("parity") == "P" and loaded == ["p"]
    registry.entries["sudoku"] = "s"
    assert "sudoku" in registry and len(registry) == 2 and list(registry) == ["parity", "sudoku"]
    with pytest.raises(ClaimInputError, match="did you mean parity"):
        registry.get("parit")


def test_every_named_registry_of_the_package_is_a_registry():
    from proofs.certified import POLICY_REGISTRY, get_policy
    from proofs.pram_tasks import PRAM_TASK_REGISTRY, get_pram_task
    from proofs.tasks import TASKS, get_task
    from theory.claims import CLAIM_REGISTRY, get_claim
    for registry, get in [(TASKS, get_task), (POLICY_REGISTRY, get_policy),
                          (PRAM_TASK_REGISTRY, get_pram_task), (CLAIM_REGISTRY, get_claim)]:
        assert isinstance(registry, Registry) and get == registry.get
        first = registry.names()[0]
        assert get(first) is get(first)
