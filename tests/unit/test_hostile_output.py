"""Every command line output over an archive written by an attacker: nothing printed may act on
a terminal, a newline in a name never forges a line, and JSON keeps the data exactly.

The archive is tests/fixtures/hostile/archive (one file per route text takes into the index:
TOML front matter whose escapes decode after stripping, raw escapes in YAML, JSON tags given as
a string, lone surrogates in JSON, entities in a feed, a control byte in a page, raw HTML in a
note, spreadsheet formulas, bidirectional overrides in a scrape) plus files made here whose
names hold escapes, a newline and an override; tests/fixtures/
hostile/config holds a rules.toml and a tags backup with escapes of their own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.model import Article, Block
from reader.store import EVERYTHING, Store
from tests.support import FIXTURES
from tests.support.hostile import assert_safe

HOSTILE = FIXTURES / "hostile"
pytestmark = pytest.mark.timeout(300)


def odd_names(root: Path) -> dict[str, Path]:
    """Files whose names are hostile: made here (git keeps no such names well). Names that are
    not UTF-8 are the indexer's to read; their display is tested in test_safety."""
    made = {
        "escape": root / "note \x1b]0;pwned\x07 title.md",
        "newline": root / "two\nlines.md",
        "bidi": root / "\u202eevil\u202c folder" / "gpj.md",
        "binary": root / "bin\x1b[31m\nary.txt",
    }
    made["bidi"].parent.mkdir()
    for key, path in made.items():
        if key == "binary":
            path.write_bytes(b"\x00\x01\x02 not text at all \x00")
        else:
            path.write_text(
                "Made of a file name alone, this note has no heading of its own at all, and "
                "its text is long enough to be an article.\n",
                encoding="utf-8",
            )
    return made


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An index of the hostile archive (entities included), its rules and a restored backup."""
    base = tmp_path_factory.mktemp("hostile")
    archive = base / "archive"
    shutil.copytree(HOSTILE / "archive", archive)
    odd_names(archive)
    data = base / "home"
    data.mkdir()
    shutil.copy(HOSTILE / "config" / "rules.toml", data / "rules.toml")
    assert main(["--data-dir", str(data), "index", "--quiet", str(archive)]) == 0
    with Store.open(data / "reader.sqlite3") as store:
        some_id = next(r.id for r in store.rows(EVERYTHING) if r.title == "A note with raw HTML")
    backup = (HOSTILE / "config" / "tags_backup.txt").read_text(encoding="utf-8")
    (base / "backup.txt").write_text(backup.replace("ID", some_id), encoding="utf-8")
    assert main(["--data-dir", str(data), "tags", "restore", str(base / "backup.txt")]) == 0
    return str(data)


def run(capsys: pytest.CaptureFixture[str], home: str, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", home, *argv])
    captured = capsys.readouterr()
    assert_safe(captured.out)
    assert_safe(captured.err)
    return code, captured.out, captured.err


def ids(capsys: pytest.CaptureFixture[str], home: str) -> list[str]:
    return [item["id"] for item in json.loads(run(capsys, home, "list", "--json")[1])]


def test_list_prints_one_safe_line_per_article(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    count = int(run(capsys, home, "count", "")[1])
    code, out, _ = run(capsys, home, "list")
    assert code == 0
    assert len(out.splitlines()) == count  # a newline in a name or title forges no line
    assert count >= 12
    assert "Harbour reopens" in out and "gpj" in out


def test_json_outputs_escape_and_keep_the_data(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    for argv in (("list", "--json"), ("tags", "--json"), ("problems", "--json"),
                 ("rules", "--json"), ("dirs", "--json"), ("count", "--json", ""),
                 ("entities", "--json"), ("entities", "curation", "--json"),
                 ("suggest", "--json", ""), ("suggest", "--tags", "--json")):
        code, out, _ = run(capsys, home, *argv)
        assert code == 0, argv
        json.loads(out)  # one JSON document
    for article_id in ids(capsys, home):
        json.loads(run(capsys, home, "show", "--json", article_id)[1])


def test_show_prints_every_article_safely(capsys: pytest.CaptureFixture[str], home: str) -> None:
    for article_id in ids(capsys, home):
        assert run(capsys, home, "show", article_id)[0] == 0
    # No such id: a sentence, not a traceback.
    assert run(capsys, home, "show", "title:feed or gulls")[0] == 1


def test_links_that_are_not_web_links_are_shown_as_text(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    article_id = next(
        i for i in ids(capsys, home)
        if "Gulls" in run(capsys, home, "show", i)[1]
    )
    out = run(capsys, home, "show", article_id)[1]
    assert "javascript:alert(document.cookie) (not a web link)" in out


def test_problems_quote_odd_file_names(capsys: pytest.CaptureFixture[str], home: str) -> None:
    out = run(capsys, home, "problems")[1]
    assert '\\x1b[31m\\nary.txt"' in out  # the binary file's name, escaped and quoted
    problems = json.loads(run(capsys, home, "problems", "--json")[1])
    assert any("bin\x1b[31m\nary.txt" in p["path"] for p in problems)  # exact in JSON


def test_titles_made_of_file_names_are_clean(capsys: pytest.CaptureFixture[str], home: str) -> None:
    # A note without a heading is "(untitled)", never its file name: no name leaks into a title.
    listed = json.loads(run(capsys, home, "list", "--json")[1])
    titles = [item["title"] for item in listed]
    assert not [t for t in titles if "pwned" in t or "lines" in t or "evil folder" in t]
    for item in listed:
        assert_safe(item["title"], lines=False)
        assert_safe(item["source"], lines=False)  # the bidi folder's name, as a source


def test_tags_from_every_route_are_clean(capsys: pytest.CaptureFixture[str], home: str) -> None:
    counts = json.loads(run(capsys, home, "tags", "--json")[1])
    names = {item["tag"] for item in counts}
    for name in names:
        assert_safe(name, lines=False)  # TOML, JSON string, feed, rules, backup
    assert {"red", "calm-water", "evil", "flipped", "port", "sea-side", "calm"} <= names
    code, out, _ = run(capsys, home, "tags")
    assert code == 0 and "calm-water" in out
    dump = run(capsys, home, "tags", "dump")[1]
    assert dump.startswith("# reader tags dump 1")


def test_rules_with_escapes_in_their_names(capsys: pytest.CaptureFixture[str], home: str) -> None:
    code, out, _ = run(capsys, home, "rules")
    assert code == 0 and "harbour" in out and "rule title" not in out
    code, out, _ = run(capsys, home, "retag", "--dry-run")
    assert code == 0


def test_extract_prints_every_fixture_safely(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    for path in sorted((HOSTILE / "archive").iterdir()):
        assert run(capsys, home, "extract", str(path))[0] == 0, path.name
        json.loads(run(capsys, home, "extract", "--json", str(path))[1])


def test_a_control_byte_no_longer_loses_a_page(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    out = run(capsys, home, "extract", str(HOSTILE / "archive" / "page_control_byte.html"))[1]
    assert "Paragraph 7: the river rose" in out


def test_exports_are_safe_in_every_format(
    capsys: pytest.CaptureFixture[str], home: str, tmp_path: Path
) -> None:
    for fmt in ("jsonl", "csv", "md"):
        code, out, _ = run(capsys, home, "export", "--format", fmt, "")
        assert code == 0
        if fmt == "jsonl":
            assert all(json.loads(line) for line in out.splitlines())
        target = tmp_path / f"out.{fmt}"
        assert run(capsys, home, "export", "-f", fmt, "-o", str(target), "")[0] == 0
        assert_safe(target.read_text(encoding="utf-8"))


def test_entities_and_the_other_listings(capsys: pytest.CaptureFixture[str], home: str) -> None:
    for argv in (("entities",), ("entities", "curation"), ("suggest", ""), ("suggest", "--tags"),
                 ("dirs",), ("count", "harbour"),
                 ("entities", "--text", str(HOSTILE / "archive" / "bidi_scrape.txt"))):
        assert run(capsys, home, *argv)[0] == 0, argv


def test_undo_and_redo_messages(capsys: pytest.CaptureFixture[str], home: str) -> None:
    assert run(capsys, home, "tag", "harbour", "+\x1b]0;x\x07later")[0] == 0
    assert run(capsys, home, "undo")[0] == 0
    assert run(capsys, home, "redo")[0] == 0
    assert run(capsys, home, "undo")[0] == 0


def test_usage_errors_echo_the_input_safely(capsys: pytest.CaptureFixture[str], home: str) -> None:
    with pytest.raises(SystemExit):
        main(["--data-dir", home, "export", "--format", "\x1b]0;x\x07"])
    assert_safe(capsys.readouterr().err)
    code, _, err = run(capsys, home, "list", "title:/\x1b[31m(/")
    assert code == 2 and "bad regular expression" in err


# ---- every field, arbitrary text ------------------------------------------------------------

FIELD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(title=FIELD_TEXT, byline=FIELD_TEXT, source=FIELD_TEXT, tag=FIELD_TEXT, body=FIELD_TEXT,
       path=FIELD_TEXT, url=FIELD_TEXT)
def test_no_output_holds_a_control_character_whatever_the_fields_hold(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    title: str, byline: str, source: str, tag: str, body: str, path: str, url: str,
) -> None:
    """Text put straight into the index (as an older version, a damaged file or a route not
    yet cleaned could leave it), so the output side alone is tested."""
    data = tmp_path_factory.mktemp("fields")
    with Store.open(data / "reader.sqlite3") as store, store.transaction():
        file_id = store.save_file(path="/archive/" + path, size=1, mtime_ns=0, hash="h",
                                  format="text", status="problem", problem=title, detail=body)
        article = Article(title=title or "t", byline=byline, source=source, url=url,
                          date="2024-01-02", topics=[tag] if tag.strip() else [],
                          blocks=[Block("paragraph", body or "b"), Block("heading", title, 2)])
        article_id = store.put_article(article, file_id, 0)
        store.put_tag(article_id, tag or "t", "manual", "2024-01-02")
    home = str(data)
    for argv in (("list",), ("list", "--json"), ("show", article_id),
                 ("show", "--json", article_id), ("tags",), ("tags", "--json"),
                 ("tags", "dump"), ("problems",), ("problems", "--json"),
                 ("export", "-f", "csv", ""), ("export", "-f", "md", ""),
                 ("export", "-f", "jsonl", "")):
        code, out, _ = run(capsys, home, *argv)
        assert code == 0, argv
        if "--json" in argv:
            json.loads(out)
    assert len(run(capsys, home, "list")[1].splitlines()) == 1


def test_whatever_a_command_prints_raw_passes_the_guard(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A warning printed as it is (here the rules file's path, in a data folder whose name
    holds an OSC sequence) still reaches the terminal neutralised: the streams are guarded."""
    data = tmp_path / "home \x1b]0;title\x07 \u202e"
    data.mkdir()
    (data / "rules.toml").write_text("not toml [[[", encoding="utf-8")
    code, _, err = run(capsys, str(data), "index", "--no-entities", str(tmp_path / "none"))
    assert code == 0 and "not valid TOML" in err


def test_the_guard_restores_the_streams_and_neutralises_writes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sys

    from reader.cli.output import guarded_streams

    before = sys.stdout
    with guarded_streams():
        print("a\x1b]52;c;eA==\x07b\u202ec\x9b")
        sys.stderr.write("\x1b[2J")
    assert sys.stdout is before
    captured = capsys.readouterr()
    assert captured.out == "a\ufffdbc\ufffd\n" and captured.err == "\ufffd"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(title=FIELD_TEXT, byline=FIELD_TEXT, source=FIELD_TEXT,
       tags=st.lists(FIELD_TEXT, max_size=3), body=FIELD_TEXT, name=FIELD_TEXT)
def test_no_output_holds_a_control_character_after_an_import_of_any_fields(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    title: str, byline: str, source: str, tags: list[str], body: str, name: str,
) -> None:
    """The same through the import: a JSON export with arbitrary fields, in a file with an
    arbitrary name (what a file system allows of it)."""
    root = tmp_path_factory.mktemp("import")
    archive = root / "archive"
    archive.mkdir()
    stem = name.replace("/", "_").replace("\x00", "_").lstrip(".")[:60] or "x"
    record = {"title": title, "author": byline, "source": source, "tags": tags,
              "body": body + " and enough words to make an article of it."}
    (archive / f"{stem}.json").write_text(json.dumps(record), encoding="utf-8")
    home = str(root / "home")
    assert run(capsys, home, "index", "--no-entities", str(archive))[0] == 0
    for argv in (("list",), ("list", "--json"), ("tags",), ("problems",), ("problems", "--json"),
                 ("export", "-f", "csv", ""), ("export", "-f", "md", ""),
                 ("export", "-f", "jsonl", "")):
        assert run(capsys, home, *argv)[0] == 0, argv
    for item in json.loads(run(capsys, home, "list", "--json")[1]):
        assert run(capsys, home, "show", item["id"])[0] == 0
        for field in ("title", "byline", "source", *item["tags"]):
            assert_safe(item.get(field, field), lines=False)  # clean in the index itself
