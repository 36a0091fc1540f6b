"""Imports point one way: from the interface down to the kernel (docs/architecture.md).

Every module under ``src/admissions`` is read (imports inside functions included) and each
import of another app of the project is checked against the layer order: an app may import
only apps on lower layers, never one above it nor one on its own line. The few exceptions
are named below with their reason, so a new one is a decision, not an accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "admissions"

# Top to bottom; apps on one line do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("urls", "wsgi"),
    ("portal", "backoffice", "api"),
    ("workflows", "reports"),
    ("decisions",),
    ("review",),
    ("documents", "eligibility", "finance"),
    ("applications",),
    ("applicants",),
    ("catalogue",),
    ("notifications",),
    ("accounts",),
    ("rules",),
    ("core",),
    ("settings",),
    ("config",),
)
LAYER_OF = {app: depth for depth, apps in enumerate(LAYERS) for app in apps}

# (importing app, imported app): why it is allowed.
ALLOWED: dict[tuple[str, str], str] = {}

# ``demo`` seeds the demo site: it may import anything, and nothing may import it.
ANYTHING_GOES = {"demo"}
NOBODY_IMPORTS = {"demo"}


def app_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "admissions" or len(parts) < 2:
        return None
    return parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        importer = app_of(module_name(path)) or module_name(path).split(".")[-1]
        for line, target in imported_modules(path):
            imported = app_of(target)
            if imported is None or imported == importer:
                continue
            where = f"{path.relative_to(SRC.parent)}:{line} imports {target}"
            if imported in NOBODY_IMPORTS:
                found.append(f"{where}: nothing may import {imported}")
                continue
            if importer in ANYTHING_GOES or (importer, imported) in ALLOWED:
                continue
            if importer not in LAYER_OF or imported not in LAYER_OF:
                found.append(f"{where}: {importer} or {imported} has no layer in this test")
            elif LAYER_OF[imported] < LAYER_OF[importer]:
                found.append(f"{where}: {importer} may not import {imported}, a higher layer")
            elif LAYER_OF[imported] == LAYER_OF[importer]:
                found.append(f"{where}: {importer} and {imported} are on one line")
    return found


def test_every_import_points_down_the_layer_order():
    found = violations()
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from admissions.portal import views\n", "higher layer"),
        ("def f():\n    from admissions.eligibility import models\n", "higher layer"),
        ("from admissions.applicants import models\n", "one line"),
        ("from admissions.demo import services\n", "nothing may import"),
    ],
)
def test_the_check_catches_imports_up_sideways_inside_functions_and_into_demo(
    tmp_path, monkeypatch, source, expected
):
    """The reader finds what it must: a module of ``catalogue`` made for the test imports
    upwards, or another module on its line, or ``demo``."""
    fake_src = tmp_path / "admissions"
    (fake_src / "catalogue").mkdir(parents=True)
    (fake_src / "catalogue" / "bad.py").write_text(
        source.replace("applicants", "catalogue_peer"), encoding="utf-8"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", fake_src)
    monkeypatch.setitem(LAYER_OF, "catalogue_peer", LAYER_OF["catalogue"])

    found = violations()

    assert len(found) == 1
    assert expected in found[0]


INTERFACE_APPS = {"portal", "backoffice", "api"}


def test_only_the_interface_apps_serve_pages():
    """Domain apps hold models, services and selectors; their pages live in portal,
    backoffice or api (core keeps only the health checks)."""
    serving = [
        str(path.relative_to(SRC.parent))
        for app in sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())
        if app.name not in INTERFACE_APPS
        for path in app.rglob("*.py")
        if "migrations" not in path.parts
        and (
            path.stem in {"urls", "views"}
            or path.stem.endswith(("_urls", "_views"))
            or path.parent.name == "views"
        )
    ]
    assert serving in ([], ["admissions/core/views.py"]), serving
