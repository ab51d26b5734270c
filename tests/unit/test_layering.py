"""Domain code never imports Textual: only reader.tui does, so the CLI and the plain modules stay
usable and testable without a terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

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
