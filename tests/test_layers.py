"""The apps form layers and every import points down (docs/adr/0021-app-layers.md).

Walks every module of every app with `ast` (no import, no database) and collects what it
depends on: `import x` and `from x import y` anywhere in the module (function-local ones
included), `importlib.import_module("x")`, `apps.get_model("app.Model")` /
`get_model("app", "Model")` and model relations named by string
(`ForeignKey("app.Model")`), and a migration's `dependencies` and `run_before`.
Migrations are walked like any module: none needs an exemption. A dependency on an app
of a higher layer fails, and so does a cycle between two modules of different apps. The
user model is named through `settings.AUTH_USER_MODEL` (Django's swappable reference),
which is not a dependency on `accounts`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. An app may depend on its own layer and the ones below it.
LAYERS = [
    "changelog",
    "registry",
    "accounts",
    "selection",
    "allocations",
    "nominations",
    "documents",
    "opc",
    "lifecycle",  # opening and closing rounds: calls the checks and effects of those below
    "demo",
    "otop_site",  # wires the apps together: may import anything, imported by none of them
]
RANK = {app: rank for rank, app in enumerate(LAYERS)}

# Upward dependencies that stay until a named follow-up removes them, as
# (importing module, imported module). Keep it short: each one is a debt.
ALLOWED_UPWARD: set[tuple[str, str]] = set()

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Dependency:
    source: str  # dotted module that depends
    target: str  # dotted module (or app label for string model references)
    line: int
    how: str

    def __str__(self):
        return f"{self.source}:{self.line} → {self.target} ({self.how})"


def app_modules() -> dict[str, Path]:
    """Every module of every app, dotted name → file."""
    modules = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a relative `from .x import y`."""
    if not level:
        return name or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _string_arg(call: ast.Call, index: int = 0) -> str | None:
    if len(call.args) > index and isinstance(call.args[index], ast.Constant):
        value = call.args[index].value
        return value if isinstance(value, str) else None
    return None


def _names(assign: ast.Assign) -> list[str]:
    return [target.id for target in assign.targets if isinstance(target, ast.Name)]


def _string_item(item: ast.Tuple) -> str | None:
    if item.elts and isinstance(item.elts[0], ast.Constant) and isinstance(item.elts[0].value, str):
        return item.elts[0].value
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def dependencies(module: str, source: str, *, is_package: bool, known: set[str]):
    """What one module depends on, resolved to modules where it can be."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Dependency(module, alias.name, node.lineno, "import"))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                # `from pkg import submodule` depends on the submodule itself.
                sub = f"{base}.{alias.name}"
                target = sub if sub in known else base
                found.append(Dependency(module, target, node.lineno, "from-import"))
        elif isinstance(node, ast.Assign) and _names(node) in (["dependencies"], ["run_before"]):
            # A migration's dependencies: [("app", "0001_initial"), ...]; `run_before` names
            # a migration of another app the same way (the app naming it depends on it).
            for item in ast.walk(node.value):
                if isinstance(item, ast.Tuple) and (label := _string_item(item)):
                    found.append(Dependency(module, label, item.lineno, "migration"))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "import_module" and (target := _string_arg(node)):
                found.append(Dependency(module, target, node.lineno, "import_module"))
            elif name == "get_model" and (label := _string_arg(node)):
                found.append(Dependency(module, label.split(".")[0], node.lineno, "get_model"))
            elif name in RELATION_FIELDS and "." in (label := _string_arg(node) or ""):
                found.append(Dependency(module, label.split(".")[0], node.lineno, name))
    return found


def app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in RANK else None


@cache
def all_dependencies() -> tuple[Dependency, ...]:
    modules = app_modules()
    known = set(modules)
    return tuple(
        dep
        for module, path in modules.items()
        for dep in dependencies(
            module,
            path.read_text(encoding="utf-8"),
            is_package=path.name == "__init__.py",
            known=known,
        )
        if app_of(dep.target)
    )


def upward(deps) -> list[Dependency]:
    return [
        dep
        for dep in deps
        if RANK[app_of(dep.target)] > RANK[app_of(dep.source)]
        and (dep.source, dep.target) not in ALLOWED_UPWARD
    ]


def cross_app_cycles(deps) -> list[list[str]]:
    """Cycles between modules that span two apps or more (each cycle once)."""
    graph: dict[str, set[str]] = {}
    for dep in deps:
        graph.setdefault(dep.source, set()).add(dep.target)
    # Tarjan's strongly connected components, iteratively.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len({app_of(m) for m in component}) > 1:
                        components.append(sorted(component))
    return components


class LayersTestCase(SimpleTestCase):
    def test_it_finds_every_app_in_the_settings(self):
        from django.conf import settings

        ours = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
        self.assertEqual(ours, LAYERS[:-1])

    def test_it_sees_function_local_and_string_imports(self):
        # The walker itself: a cheap guard against a regression that would let
        # everything pass.
        code = (
            "from .rules import x\n"
            "def f():\n"
            "    import opc.models\n"
            "    from selection import services\n"
            "    importlib.import_module('documents.letters')\n"
            "    apps.get_model('nominations.Nomination')\n"
            "    models.ForeignKey('allocations.Quota', on_delete=None)\n"
            "dependencies = [('accounts', '0001_initial')]\n"
            "run_before = [('lifecycle', '0001_initial')]\n"
        )
        deps = dependencies("registry.sample", code, is_package=False, known={"selection.services"})
        self.assertEqual(
            [(d.target, d.how) for d in sorted(deps, key=lambda d: d.line)],
            [
                ("registry.rules", "from-import"),
                ("opc.models", "import"),
                ("selection.services", "from-import"),
                ("documents.letters", "import_module"),
                ("nominations", "get_model"),
                ("allocations", "ForeignKey"),
                ("accounts", "migration"),
                ("lifecycle", "migration"),
            ],
        )

    def test_no_import_points_up_a_layer(self):
        found = upward(all_dependencies())
        self.assertEqual(
            [str(dep) for dep in found],
            [],
            "imports must point down the layers " + " ← ".join(LAYERS),
        )

    def test_no_module_cycle_spans_two_apps(self):
        self.assertEqual(cross_app_cycles(all_dependencies()), [])

    def test_the_allowed_exceptions_are_still_needed(self):
        deps = {(d.source, d.target) for d in all_dependencies()}
        self.assertEqual(ALLOWED_UPWARD - deps, set())
