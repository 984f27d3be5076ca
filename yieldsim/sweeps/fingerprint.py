"""A fingerprint of the code and data that compute a run, so a sweep never mixes model versions.

A sweep folder is resumed only when its results would be the same; the spec and the resolved
parameters are not enough while the model itself is being developed. The fingerprint covers
the project modules a worker imports to compute a run (found by following the imports of
`yieldsim/sweeps/worker.py`, without the sweep package itself and the plotting module, which
computes nothing that reaches the results) and the data files in `model/data/`. Python files
are hashed by their syntax tree without docstrings, so editing a comment, a docstring or the
layout does not make a half-finished sweep impossible to resume; any change to what the code
does does.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
ENTRY = "yieldsim/sweeps/worker.py"
PACKAGES = ("model", "agents", "yieldsim")
COMPUTES_NOTHING = {"yieldsim/plot.py"}


def code_fingerprint(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Short digests of every file that computes a run, by path relative to the project."""
    files = [p for p in _import_closure(root) if not p.startswith("yieldsim/sweeps/")
             and p not in COMPUTES_NOTHING]
    files += [p.relative_to(root).as_posix() for p in (root / "model" / "data").glob("*")
              if p.is_file() and p.suffix != ".py"]
    return {name: _read(root / name)[0][:12] for name in sorted(files)}


def _import_closure(root: Path) -> list[str]:
    """Project files reachable by imports from the worker module."""
    seen: set[str] = set()
    todo = [ENTRY]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for module in _read(root / name)[1]:
            todo += [f for f in _files_of(root, module) if f not in seen]
    return sorted(seen)


def _read(path: Path) -> tuple[str, frozenset[str]]:
    """A file's digest and the project modules it imports (cached while the file is unchanged)."""
    try:
        stat = path.stat()
    except OSError:
        return "missing", frozenset()
    return _parse(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _parse(path: str, mtime_ns: int, size: int) -> tuple[str, frozenset[str]]:
    """Digest and imports of one file version (the cache key includes its mtime and size)."""
    data = Path(path).read_bytes()
    if not path.endswith(".py"):
        return hashlib.sha256(data).hexdigest(), frozenset()
    try:
        tree = ast.parse(data)
    except SyntaxError:
        return hashlib.sha256(data).hexdigest(), frozenset()
    imports = frozenset(_imported_modules(tree))
    return _tree_digest(tree), imports


def _imported_modules(tree: ast.AST) -> set[str]:
    """Dotted names a module imports (absolute imports; `from a import b` also gives a.b)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in PACKAGES}


@functools.lru_cache(maxsize=1024)
def _files_of(root: Path, module: str) -> tuple[str, ...]:
    """The project files a dotted module name loads (its packages' __init__ files too)."""
    parts = module.split(".")
    files = []
    for depth in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:depth])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                files.append(candidate.relative_to(root).as_posix())
    return tuple(files)


def fingerprint_digest(fingerprint: dict[str, str]) -> str:
    """One digest of a fingerprint."""
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()


def _tree_digest(tree: ast.Module) -> str:
    """The digest of a syntax tree without its docstrings."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return hashlib.sha256(ast.dump(tree, include_attributes=False).encode()).hexdigest()
