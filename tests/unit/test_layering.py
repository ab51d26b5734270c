"""The layers of the house: domain code never imports Textual (only reader.tui does, so the CLI
and the plain modules stay usable and testable without a terminal), SQL lives in reader/store,
formats never get a database connection, the cleaners never import the formats that use
them, no module but the query language passes 700 lines, and the main screen stays at 500: it
composes the panes and keeps them in step, and what a pane does lives in the pane."""

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


PACKAGE = Path(reader.__file__).resolve().parent
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})


def _modules(under: Path = PACKAGE) -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(under.rglob("*.py"))
    ]


def _sql_calls(tree: ast.Module) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_CALLS
    ]


def test_sql_runs_only_in_the_store() -> None:
    found = {
        name: lines
        for name, tree in _modules()
        if not name.startswith("store/")
        for lines in [_sql_calls(tree)]
        if lines
    }
    assert found == {}, "SQL belongs in a module of reader/store/ (one per family of tables)"


def test_the_sql_check_sees_sql() -> None:
    source = "def f(store):\n    store.conn.execute('SELECT 1')\n    c.executemany(s, [])\n"
    assert _sql_calls(ast.parse(source)) == [2, 3]
    assert _sql_calls(ast.parse("text = 'conn.execute(x)'\n")) == []


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_store_depends_on_the_model_alone() -> None:
    """The query language, topics and listing import the store; the store imports none of them
    (so no import loop can run through it)."""
    outside = {
        name: sorted(
            module
            for module in _imports(tree)
            if module.startswith("reader")
            and module != "reader.model"
            and not module.startswith("reader.store")
        )
        for name, tree in _modules(PACKAGE / "store")
    }
    assert {name: modules for name, modules in outside.items() if modules} == {}


def test_formats_and_cleaning_never_get_a_connection() -> None:
    """Formats learn through a narrow interface (reader.clean.chrome.LineStatistics)."""
    users = [
        name
        for folder in ("sources", "clean")
        for name, tree in _modules(PACKAGE / folder)
        if "sqlite3" in _imports(tree)
    ]
    assert users == []


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


# The query language is one pipeline, kept whole (parser, planner and compiler read together).
MODULE_LINES_MAX = 700
LONG_MODULES_ALLOWED = frozenset({"query.py"})


def _module_lengths() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_passes_700_lines_but_the_query_language() -> None:
    """A module past 700 lines is cut by what its parts do (see reader/topics/suggestions/)."""
    lengths = _module_lengths()
    assert "query.py" in lengths and "topics/rules.py" in lengths and len(lengths) > 80
    too_long = {
        name: count
        for name, count in lengths.items()
        if count > MODULE_LINES_MAX and name not in LONG_MODULES_ALLOWED
    }
    assert too_long == {}, f"modules over {MODULE_LINES_MAX} lines: {too_long}"


# The main screen composes the panes and keeps them in step; it grew past 600 lines once, by
# taking on work that belongs to the panes (reader/tui/panes/) and the keeper.
MAIN_SCREEN_LINES_MAX = 500


def test_the_main_screen_stays_at_500_lines() -> None:
    """Behaviour that belongs to a pane goes in the pane; the screen arranges and focuses them."""
    count = _module_lengths()["tui/screens/main.py"]
    assert count <= MAIN_SCREEN_LINES_MAX, (
        f"reader/tui/screens/main.py has {count} lines: move what a pane does into the pane"
    )


def _fresh(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_reader_starts_without_the_recogniser_and_the_suggestions() -> None:
    """Its first frame waits for every module loaded before it: the CRF, the suggestion models
    and numpy load with the background work that needs them."""
    loaded = _fresh(
        "import sys\n"
        "import reader.tui.app\n"
        "heavy = ('numpy', 'reader.entities.crf', 'reader.topics.suggestions.model')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    assert loaded == "[]"
    # ... and what they offer is there when asked for.
    assert _fresh(
        "from reader import entities, topics\n"
        "from reader.entities.recogniser import CRF_VERSION\n"
        "print(entities.load_recogniser('crf').version == CRF_VERSION, topics.SHOW_THRESHOLD > 0)"
    ) == "True True"


def test_undoing_a_name_correction_loads_what_applies_it() -> None:
    """A journal entry for a name correction, met by a process that never loaded the names'
    module (the reader's first u), still finds the module that applies and describes it."""
    assert _fresh(
        "import sys\n"
        "from reader import tags\n"
        "before = 'reader.entities.curation' in sys.modules\n"
        "print(before, tags._handler('entity') is not None)\n"
    ) == "False True"
