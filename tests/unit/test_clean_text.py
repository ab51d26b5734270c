"""The text-scrape cleaner: the seed article exactly, line rules, and teasers kept apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.clean import lines as rules
from reader.clean.dates import find_date, normalise_date
from reader.clean.text import clean_scrape, split_lines
from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "clean"

SEED_CHROME = (
    "Support The Moscow Times!",
    "Contribute today",
    "Updated:",
    "Read more about: Ukraine war",
    "Read more",
    "Min read",
    "refuseniks",
    "Russian Foreign Ministry / Facebook",
)


def test_seed_comes_out_exactly(seed_path: Path) -> None:
    article = clean_scrape(seed_path.read_text(encoding="utf-8"))

    assert article.title == "Russia Rejects Kyiv-Backed Peace Talks in Malta"
    assert article.byline == "AFP"
    assert article.date == "2023-10-26"
    assert article.source == "The Moscow Times"
    assert article.topics == ["Ukraine war"]
    assert article.caption == "Russian Foreign Ministry / Facebook"

    assert [b.kind for b in article.blocks] == ["paragraph"] * 9
    assert article.blocks[0].text.startswith("Russia on Thursday criticized Ukrainian-backed")
    assert article.blocks[-1].text.endswith("pushing back against Kyiv's counteroffensive.")
    for chrome in SEED_CHROME:
        assert chrome not in article.body

    assert [(r.kicker, r.title) for r in article.related] == [
        ("refuseniks", "Russian Recruits Jailed for 3 Years for Refusing to Fight in Ukraine"),
        ("conflicting messages", "Russian Economic Prospects 'Foggy' as Sanctions Cut Deep"),
        ("border incident", "Russia Says Ukrainian Aircraft Crashed in Border Region"),
        (
            "new escalation",
            "Russian Pro-War Figures Call for Revenge After Killing of Military Blogger",
        ),
    ]
    assert article.related[0].summary == (
        "Yury Degtyarev and Alexei Selivanov were among the first recruits charged with "
        "refusing military service."
    )
    assert article.related[2].summary == (
        "Ukrainian officials have not yet commented on the incident."
    )
    assert all(r.summary for r in article.related)
    assert article.problems == []


def test_blog_scrape_metadata_topics_and_teasers() -> None:
    article = clean_scrape((FIXTURES / "scrape_blog.txt").read_text(encoding="utf-8"))

    assert article.title == "Harbour Lights Return to the Old Quay"
    assert article.byline == "Mira Holt"
    assert article.date == "2021-03-12"
    assert article.source == "Harbour Gazette"
    assert article.caption == "Anna Berg / Harbour Gazette"
    assert article.topics == ["Harbour", "Local history"]
    assert [b.kind for b in article.blocks] == ["paragraph"] * 4 + ["heading", "paragraph"]
    assert article.blocks[4].text == "What it cost"
    assert [r.title for r in article.related] == [
        "Ferry timetable changes for the spring season",
        "New bakery opens on Market Street",
    ]
    body = article.body
    for chrome in ("Share", "Facebook", "Subscribe", "4 min read", "Comments", "lovely thing"):
        assert chrome not in body


def test_hard_wrapped_lines_are_joined_and_lists_kept() -> None:
    article = clean_scrape((FIXTURES / "scrape_wrapped.txt").read_text(encoding="utf-8"))

    assert article.title == "Local Choir Wins Regional Prize"
    assert [b.kind for b in article.blocks] == ["paragraph", "paragraph", "list_item", "list_item"]
    assert article.blocks[1].text.startswith("Their teacher said the result was the fruit")
    assert article.blocks[2].text == "1) Rehearse the new songs before the summer holidays"
    assert "Contact us" not in article.body


def test_learned_chrome_is_dropped_even_when_it_reads_like_prose() -> None:
    slogan = "Our journalism is free for everyone, because we believe facts belong to all of us."
    text = "\n".join(
        [
            "A Quiet Week on the River",
            slogan,
            "The river was calm all week, and the ferry kept to its timetable every single day.",
            "Boatmen said the water had not been so low in October for more than a decade.",
        ]
    )
    plain = clean_scrape(text)
    assert slogan in plain.body

    learned = clean_scrape(text, is_learned_chrome=lambda line: line == slogan)
    assert slogan not in learned.body
    assert learned.body.startswith("The river was calm")


def test_no_prose_gives_empty_body_with_a_problem() -> None:
    article = clean_scrape("Home\nNews\nSport\nContact us\n")
    assert article.blocks == []
    assert article.problems == ["no body text found"]


@pytest.mark.parametrize(
    "line",
    [
        "Support The Moscow Times!",
        "Contribute today",
        "Subscribe",
        "Updated:",
        "3 Min read",
        "3\u00a0Min read",
        "• 2 min read",
        "Share this article",
        "Facebook",
        "Advertisement",
        "© 2019 Hearst Communications, Inc.",
        "Skip to content",
        "10H ago",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert rules.is_chrome(" ".join(line.split())) or rules.site_from_banner(line)


@pytest.mark.parametrize(
    "line",
    [
        "Russia on Thursday criticized Ukrainian-backed peace talks set to be held in Malta.",
        "Share prices fell sharply on Monday after the bank cut its forecast.",
        "Updated figures show that the number of cases doubled in a week, officials said.",
    ],
)
def test_prose_is_not_chrome(line: str) -> None:
    assert not rules.is_chrome(line)


def test_topic_lines_and_bylines() -> None:
    assert rules.topic_line("Read more about: Ukraine war") == ["Ukraine war"]
    assert rules.topic_line("Tags: Economy, Energy; Climate") == ["Economy", "Energy", "Climate"]
    assert rules.topic_line("Russia rejected the talks.") is None
    assert rules.byline("By AFP") == "AFP"
    assert rules.byline("By Meg James Staff Writer") == "Meg James"
    assert rules.byline("By the way, the ferry is late.") == ""


def test_dates() -> None:
    assert find_date("Nov. 19, 2019 8:03 am ET") == "2019-11-19"
    assert find_date("1:39 am EST, Wednesday, November 20, 2019") == "2019-11-20"
    assert find_date("Posted on 12 March 2021") == "2021-03-12"
    assert find_date("2023-10-26") == "2023-10-26"
    assert find_date("no date here") == ""
    assert normalise_date("Thu, 26 Oct 2023 10:00:00 +0000") == "2023-10-26T10:00:00+00:00"
    assert find_date("2024年3月12日 08:00") == "2024-03-12"


def test_dates_stay_dates_and_timestamps_stay_timestamps() -> None:
    assert normalise_date("2023-01-02") == "2023-01-02"
    assert normalise_date("2023-10-26T00:00:00Z") == "2023-10-26T00:00:00+00:00"
    assert normalise_date("2023-10-26T10:00:00.5+02:00") == "2023-10-26T10:00:00+02:00"
    assert normalise_date("Thu, 26 Oct 2023 00:00:00 GMT") == "2023-10-26T00:00:00+00:00"
    assert normalise_date("Thu, 26 Oct 2023") == "2023-10-26"
    assert normalise_date("2023-10") == "2023-10"
    assert normalise_date(1_700_000_000) == "2023-11-14T22:13:20+00:00"


def test_chinese_and_japanese_lines_count_their_words() -> None:
    japanese = "小さな港町で、長く消えていた灯台の明かりが先週の金曜日に再びともされた。"
    assert rules.ends_sentence(japanese)
    assert rules.ends_sentence("「そうです！」")
    assert rules.ends_sentence("他们还会回来吗？")
    assert not rules.ends_sentence("港の灯台、四十年ぶりに再点灯")
    assert rules.word_count(japanese) >= 15  # 33 letters, two to a word
    assert rules.word_count("Tokyo 東京 2024") == 3
    assert rules.word_count("Crème brûlée, again") == 3  # spaced scripts as before
    assert rules.token_count("港の灯台 lamp-posts") == 4


def test_split_lines_drops_blank_lines_and_collapses_spaces() -> None:
    assert split_lines("  a   b \n\n\tc\n") == ["a b", "c"]


def test_the_combined_line_rules_are_written_in_lower_case() -> None:
    # They run case-sensitively on the lowered line: an upper-case letter would never match.
    source = re.sub(r"\\[A-Za-z]|\(\?P<\w+>", "", rules._LINE_KINDS.pattern)
    assert re.findall(r"[A-Z]", source) == []
    assert rules.line_kind("Updated 10:31 GMT") == "chrome"
    assert rules.line_kind("SHARE THIS ARTICLE") == "chrome"
    assert rules.line_kind("3 MIN READ") == "time"
    assert rules.is_credit("PHOTO: JANE DOE / AGENCY")
    assert find_date("Published 3 MARCH 2021") == "2021-03-03"


def test_a_plain_note_is_kept_whole_however_short_its_lines() -> None:
    note = "Quick update\nWe moved the office.\nNew address below.\n12 High Street, Leeds\n"
    article = clean_scrape(note)
    assert article.title == "Quick update"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "We moved the office."),
        ("paragraph", "New address below."),
        ("paragraph", "12 High Street, Leeds"),
    ]
    assert article.problems == []


def test_a_plain_note_with_section_headings() -> None:
    note = (
        "Trip notes\n"
        "Tuesday\n"
        "We took the early ferry and walked to the lighthouse before the rain came in from "
        "the west, then sheltered in the cafe by the pier until the afternoon boat.\n"
        "Bring boots next time.\n"
    )
    article = clean_scrape(note)
    assert article.title == "Trip notes"
    assert [b.kind for b in article.blocks] == ["heading", "paragraph", "paragraph"]


def test_menus_are_no_plain_note() -> None:
    # Lone words after the first line are menu entries: a scrape, not a note, whatever the
    # language its chrome is written in.
    assert clean_scrape("Home\nNews\nContact\n").blocks == []
    scrape = "首页\n新闻\n码头的灯重新亮起\n小镇码头上的二十二盏路灯在上周五晚上重新点亮。\n分享\n"
    assert "分享" not in clean_scrape(scrape).body


def test_a_short_closing_paragraph_after_a_longer_one_stays() -> None:
    text = (
        "Home\nNews\nHarbour wall repaired after winter storms\nBy Jo Example\n"
        "The old harbour wall, battered by three storms in a single winter, has been repaired "
        "by a team of local builders working through the spring tides.\n"
        "Engineers said the new stones were set deeper than the old ones, and the wall should "
        "now stand for another century if it is looked after.\n"
        "See you on the quay.\n"
        "Most popular\nBakery opens on Market Street\n"
    )
    article = clean_scrape(text)
    assert article.blocks[-1].text == "See you on the quay."
    assert "Bakery" not in article.body


def test_dates_with_months_written_in_other_languages() -> None:
    assert find_date("Текст: Анна Петрова · 5 октября 2021") == "2021-10-05"
    assert find_date("publicado em 3 de março de 2020 às 10:00") == "2020-03-03"
    assert find_date("Veröffentlicht am 12. März 2019") == "2019-03-12"
    assert find_date("le 1er janvier 2020") == "2020-01-01"
    assert find_date("12 marzo 2019") == "2019-03-12"
