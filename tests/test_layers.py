"""The data flow runs one way: ingest -> extract -> store -> review / lookup -> report, cli on top.

Each module's ``factcheck.*`` imports (relative ones resolved) must be in its
row of ALLOWED; the table is the picture in ../shared/LAYOUT.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"
BASE = {"errors", "models", "config"}

# first component after "factcheck." -> what it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "models": set(),
    "config": set(),
    "net": {"config", "errors"},
    "ingest": BASE | {"net"},
    "extract": {"models", "errors"},
    "store": BASE,
    "pipeline": BASE | {"net", "ingest", "extract", "store"},
    "review": BASE | {"store"},
    "lookup": BASE | {"net", "ingest", "extract", "store"},
    "report": BASE | {"store", "review", "lookup"},
    "cli": {"*"},
    "__init__": {"*"} - {"cli"},
    "__main__": {"cli"},
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # relative import: drop `level` components from this module's package
                pkg = parts if path.name == "__init__.py" else parts[:-1]
                base = pkg[: len(pkg) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                names = [module] + [f"{module}.{a.name}" for a in node.names]
            else:
                module = node.module or ""
                names = [module] + [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            bits = name.split(".")
            if bits[0] == "factcheck" and len(bits) > 1:
                found.add(bits[1])
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_stages_to_its_left(path: Path) -> None:
    stage = _stage(path)
    assert stage in ALLOWED, f"{stage}: add this module's row to ALLOWED and to LAYOUT"
    allowed = ALLOWED[stage]
    if "*" in allowed and stage == "cli":
        return
    bad = {m for m in _imports(path) - {stage} if m not in allowed and "*" not in allowed}
    if stage == "__init__":
        bad = {m for m in _imports(path) if m == "cli"}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}, not allowed for {stage}"


def test_the_checker_catches_a_planted_import(tmp_path: Path) -> None:
    planted = PACKAGE / "extract" / "_planted_for_test.py"
    planted.write_text("from ..store import Store\n", encoding="utf-8")
    try:
        assert "store" in _imports(planted)
    finally:
        planted.unlink()
