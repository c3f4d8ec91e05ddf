"""No module reaches into another module's private (underscore) names, and no two modules import each other."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("simulators", "theory", "proofs", "genpower")


def modules():
    """Every module of the packages: dotted name -> parsed tree."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


MODULES = modules()


def is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imports(name, tree):
    """(module imported, names taken from it, line) for each import in ``tree``."""
    package = name if name in PACKAGES or ".__init__" in name else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([source] if source else []))
            yield source, [alias.name for alias in node.names], node.lineno


def module_aliases(name, tree):
    """Local names bound to one of our modules by an import: alias -> module."""
    aliases = {}
    for source, taken, _ in imports(name, tree):
        if not taken and source in MODULES:
            aliases[source.split(".")[0]] = source.split(".")[0]
        for item in taken:
            if f"{source}.{item}" in MODULES:
                aliases[item] = f"{source}.{item}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in MODULES:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and f"{node.module}.{alias.name}" in MODULES:
                    aliases[alias.asname] = f"{node.module}.{alias.name}"
    return aliases


def private_reaches(name, tree):
    """Where ``name`` takes a private name from another of our modules."""
    found = []
    for source, taken, line in imports(name, tree):
        if source in MODULES and source != name:
            found += [f"{name}:{line} imports {source}.{item}" for item in taken
                      if is_private(item)]
    aliases = module_aliases(name, tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and aliases[node.value.id] != name
                and is_private(node.attr)):
            found.append(f"{name}:{node.lineno} reaches {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_takes_another_modules_private_names():
    offenders = [reach for name, tree in MODULES.items() for reach in private_reaches(name, tree)]
    assert not offenders, "\n".join(offenders)


def import_graph():
    """module -> the modules of ours it imports (anywhere in its body, not only at the top)."""
    graph = {}
    for name, tree in MODULES.items():
        targets = set()
        for source, taken, _ in imports(name, tree):
            for target in [f"{source}.{item}" for item in taken] + [source]:
                if target in MODULES and target != name:
                    targets.add(target)
                    break
        graph[name] = targets
    return graph


def cycles(graph):
    """Each import circle once, as a list of modules (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def is_package_of(package, module):
    return module.startswith(package + ".")


def test_no_two_modules_import_each_other():
    # a package's __init__ that re-exports its modules is not a circle with them
    graph = {name: {t for t in targets if not is_package_of(t, name)}
             for name, targets in import_graph().items()}
    assert not cycles(graph), cycles(graph)


def test_the_checks_catch_a_planted_private_import_and_circle():
    tree = ast.parse("from simulators.tag import _secret\nimport simulators.tag as t\nt._x\n")
    assert len(private_reaches("proofs.planted", tree)) == 2
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
