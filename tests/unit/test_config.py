"""Config: read from TOML, never written, and every problem reported on its line with what was
expected there, without stopping the reader from opening."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style

from reader.config import NER_CHOICES, SORT_CHOICES, Config, ConfigProblem, KeyLines, SavedView
from reader.entities.recogniser import RECOGNISERS
from reader.listing import SORT_NAMES
from reader.locations import resolve
from reader.store import SORTS


def read(tmp_path: Path, text: str) -> tuple[Config, list[ConfigProblem]]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return Config.read(path)


def by_line(problems: list[ConfigProblem]) -> dict[int, ConfigProblem]:
    return {problem.line: problem for problem in problems}


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    config, problems = Config.read(tmp_path / "config.toml")
    assert problems == [] and config == Config()
    assert config.views == []  # the built-in views are not config: they are always there


def test_a_good_file_is_read_and_never_written(tmp_path: Path) -> None:
    text = (
        "# mine\n"
        'theme = "reader-light"\n'
        "[keymap]\n"
        'next_unread = "N"\n'
        "[[views]]\n"
        'name = "War"\n'
        'query = "+war"\n'
        'sort = "title"\n'
    )
    config, problems = read(tmp_path, text)
    assert problems == []
    assert config.theme == "reader-light" and config.keymap == {"next_unread": "N"}
    assert config.views == [SavedView("War", "+war", "title")]
    assert not hasattr(config, "save")
    assert (tmp_path / "config.toml").read_text(encoding="utf-8") == text


def test_each_problem_is_on_its_line_with_what_was_expected(tmp_path: Path) -> None:
    config, problems = read(
        tmp_path,
        "# my reader\n"  # 1
        "thme = 'reader-light'\n"  # 2: unknown key
        "max_file_mb = 'big'\n"  # 3: wrong type
        'ner = "bert"\n'  # 4: bad value
        "\n"  # 5
        "[quick_tags]\n"  # 6
        '0 = "zero"\n'  # 7: not a key 1-9
        '2 = "later"\n'  # 8
        "[[views]]\n"  # 9: no name
        'query = "+war"\n'  # 10
        "[[views]]\n"  # 11
        'name = "Sorted"\n'  # 12
        'sort = "size"\n'  # 13: unknown sort
        'colour = "x"\n',  # 14: unknown key in a view
    )
    lines = by_line(problems)
    assert sorted(lines) == [2, 3, 4, 7, 9, 13, 14]
    assert "unknown key 'thme' is ignored" in lines[2].message
    assert lines[2].expected == "'theme', perhaps"
    assert lines[3].expected == "a whole number"
    assert lines[4].expected == "one of 'crf', 'spacy'"
    assert lines[7].expected == "a digit from 1 to 9"
    assert "has no name" in lines[9].message  # the view's table starts there
    assert "'size'" in lines[13].message and "'title'" in lines[13].expected
    assert "'colour'" in lines[14].message
    # What could be used was; the rest kept its default.
    assert config.max_file_mb == 50 and config.ner == "crf"
    assert config.quick_tags == {"2": "later"}
    assert config.views == [SavedView("Sorted", "", "")]
    assert str(lines[4]).endswith("config.toml, line 4: ner = 'bert' is not a recogniser; "
                                  "'crf' is used; expected one of 'crf', 'spacy'")


def test_a_file_that_is_not_toml_says_where(tmp_path: Path) -> None:
    config, problems = read(tmp_path, 'theme = "reader-light"\n\nnot toml = = =\n')
    assert config == Config()
    assert len(problems) == 1 and problems[0].line == 3
    assert "not valid TOML" in problems[0].message and "every setting" in problems[0].message


def test_bad_tag_colours_are_left_out_on_their_lines(tmp_path: Path) -> None:
    config, problems = read(
        tmp_path,
        "[tag_colors]\n"
        'a = "notacolour"\nb = "#ff8800"\nc = "#f80"\nd = "rgb(1, 2, 3)"\n'
        'e = "bright_blue"\nf = "rgb(1, 2, 300)"\ng = "#ff88"\n',
    )
    assert config.tag_colors == {
        "b": "#ff8800",
        "c": "#ff8800",
        "d": "rgb(1, 2, 3)",
        "e": "bright_blue",
    }
    assert [p.line for p in problems] == [2, 7, 8]
    assert "'notacolour' for 'a' is not a colour" in problems[0].message
    for value in config.tag_colors.values():  # what the tag chips do with them
        Style(bgcolor=value)


def test_key_lines_follow_tables_arrays_inline_tables_and_dotted_keys() -> None:
    lines = KeyLines(
        "archive = [\n"  # 1
        '  "~/news",\n'  # 2
        "]\n"  # 3
        'quick_tags = { "1" = "a", 2 = "b" }\n'  # 4
        "tag_colors.war = 'red'\n"  # 5
        "[keymap]  # rebinding\n"  # 6
        "  down = 'j'\n"  # 7
        "[[views]]\n"  # 8
        "name = 'One'\n"  # 9
        "[[ views ]]\n"  # 10
        "name = 'Two'\n"  # 11
    )
    assert lines.line_of("archive") == 1
    assert lines.line_of("quick_tags.1") == 4 and lines.line_of("quick_tags.2") == 4
    assert lines.line_of("tag_colors.war") == 5
    assert lines.line_of("keymap") == 6 and lines.line_of("keymap.down") == 7
    assert lines.line_of("views[0].name") == 9 and lines.line_of("views[1].name") == 11
    assert lines.line_of("views[1].query") == 10  # not there: the table's line
    assert lines.line_of("views") == 8
    assert lines.line_of("nowhere") == 0


def test_the_choices_are_the_ones_the_reader_has() -> None:
    assert set(NER_CHOICES) == set(RECOGNISERS)
    assert set(SORT_CHOICES) == set(SORTS) == set(SORT_NAMES)


def test_reader_home_moves_data_and_config(tmp_path: Path, monkeypatch: object) -> None:
    places = resolve(tmp_path / "home")
    assert places.database == (tmp_path / "home" / "reader.sqlite3").resolve()
    assert places.config_file.parent == places.data_dir
