"""Domain code never imports Textual: only reader.tui does, so the CLI and the plain modules stay
usable and testable without a terminal. The cleaners never import the formats that use them."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import reader


def domain_modules() -> list[str]:
    names = [
        module.name
        for module in pkgutil.walk_packages(reader.__path__, prefix="reader.")
        if not module.name.startswith("reader.tui")
    ]
    assert "reader.store" in names and "reader.cli" in names
    return names


def test_no_module_outside_the_tui_imports_textual() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {domain_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_cleaners_never_import_the_formats() -> None:
    """reader.sources reads files and uses reader.clean; the other way round is a loop."""
    import reader.clean

    names = [
        module.name
        for module in pkgutil.walk_packages(reader.clean.__path__, prefix="reader.clean.")
    ]
    assert "reader.clean.text" in names and "reader.clean.html" in names
    for name in ["reader.clean", *names]:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.split(".")[:2] == ["reader", "sources"]], name
    # Nor through anything they import.
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('reader.sources')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
