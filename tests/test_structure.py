"""The shape of the code: short modules, imports that run one way.

Read from the source with ``ast``; nothing is imported. Migrations and tests are
not looked at.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("casework", "permissions", "workflows")
MAX_LINES = 500

# Modules allowed to be longer, each with the reason. Keep this list short.
LONG_MODULES = {
    "casework/meetings/forms.py": "the meeting forms; to be split by page",
    "casework/referrals/services.py": "the referral services; to be split by step",
    "casework/registry/models.py": "the register's models; to be split by record",
    "casework/registry/services.py": "the register's services; to be split by record",
}


def _source_files() -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" not in parts and "tests" not in parts:
                files.append(path)
    return files


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


MODULES = {_module_name(path): path for path in _source_files()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
    return name == "TYPE_CHECKING"


def _module_level_imports(tree: ast.Module) -> list[ast.stmt]:
    """The import statements run when the module is imported: at the top, and
    in top-level ``if`` (but not ``if TYPE_CHECKING``) and ``try`` blocks."""
    found, pending = [], list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                pending.extend(handler.body)
    return found


def _imported_modules(node: ast.stmt, importer: str) -> set[str]:
    """The project modules an import statement loads (its own names, not the
    packages above them)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:
        package = importer.split(".")
        if MODULES[importer].name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    targets = set()
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if submodule in MODULES:
            targets.add(submodule)
        elif base in MODULES:
            targets.add(base)
    return targets


def _import_graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        graph[name] = set()
        for node in _module_level_imports(_parse(path)):
            graph[name] |= _imported_modules(node, name) - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, pending = set(), [start]
    while pending:
        for target in graph.get(pending.pop(), ()):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def _function_level_imports(tree: ast.Module) -> list[tuple[str, int, ast.stmt]]:
    """Imports inside a function, other than in an app's ``ready`` (Django's
    place for imports that need the loaded apps)."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append((function.name, node.lineno, node))
    return found


def test_no_module_is_longer_than_500_lines_except_the_listed_few():
    too_long = {}
    for path in _source_files():
        relative = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and relative not in LONG_MODULES:
            too_long[relative] = lines
    assert too_long == {}


def test_the_listed_long_modules_exist_and_are_still_long():
    for relative in LONG_MODULES:
        path = ROOT / relative
        assert path.exists(), relative
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines > MAX_LINES, f"{relative} is short now: take it off the list"


def test_the_project_modules_import_each_other_without_a_circle():
    assert _cycles(_import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_history_imports_nothing_of_permissions_directly_or_through_others():
    graph = _import_graph()
    assert "casework.history" in graph
    reached = _reachable(graph, "casework.history")
    assert sorted(m for m in reached if m.split(".")[0] == "permissions") == []
    tree = _parse(MODULES["casework.history"])
    imported = {
        getattr(node, "module", None) or node.names[0].name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    }
    assert sorted(m for m in imported if m.split(".")[0] == "permissions") == []


def test_the_record_bases_stand_on_the_ground_floor():
    graph = _import_graph()
    assert graph["casework.records"] == set()


def test_no_module_imports_inside_a_function():
    hidden = []
    for name, path in MODULES.items():
        for function, line, _node in _function_level_imports(_parse(path)):
            hidden.append(f"{name}:{line} in {function}")
    assert hidden == []
