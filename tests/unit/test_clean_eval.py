"""The extraction evaluation on a corpus written here: its title truth, its scores, and the
cross-validation that refits the tuned numbers without the site it scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.eval import extraction

BODIES = {
    "harbour": (
        "The ferry to the island runs again from Monday, after the winter storms damaged the "
        "slipway at the harbour and kept it closed for most of March.",
        "Engineers repaired the slipway in three weeks, and the first crossing on Monday "
        "morning will carry the post, the doctor and a school trip.",
    ),
    "valley": (
        "Farmers in the valley said the apple harvest was smaller this year but sweeter, after "
        "a dry summer and a late rain that came just in time.",
        "The cider press by the mill will open on Saturday, and the first bottles should be "
        "ready before the winter market in December.",
    ),
    "coast": (
        "The lifeboat crew was called out four times in one night during the storm, and "
        "brought eleven people safely back to the harbour by morning.",
        "The coxswain said the new boat had made the difference, because the old one could "
        "not have gone out in seas that high.",
    ),
}
TITLES = {
    "harbour": "Ferry returns to the island",
    "valley": "A smaller, sweeter apple harvest",
    "coast": "Lifeboat crew saves eleven in one night",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    (tmp_path / "scrapes").mkdir()
    truth = {}
    for site, paragraphs in BODIES.items():
        page_id = f"{site}0001"
        title = TITLES[site]
        truth[page_id] = {
            "url": f"https://www.{site}.example/news/{page_id}",
            "articleBody": "\n\n".join(paragraphs),
        }
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        (tmp_path / "html" / f"{page_id}.html").write_text(
            f"<html><head><title>{title} | The {site.title()} Post</title>"
            f'<meta property="og:site_name" content="The {site.title()} Post"></head><body>'
            f"<nav><a href='/'>Home</a></nav><main><article><h1>{title}</h1>{body}</article>"
            "</main></body></html>",
            encoding="utf-8",
        )
        scrape = ["Home", "News", title if site != "coast" else "Share", *paragraphs, "Share"]
        (tmp_path / "scrapes" / f"{page_id}.txt").write_text("\n".join(scrape), encoding="utf-8")
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_title_truth_from_a_page() -> None:
    page = (
        "<html><head><title>&amp;#8216;Quay&amp;#8217; lamps back | Harbour Post</title>"
        '<meta property="og:title" content="Quay lamps are back">'
        '<meta property="og:site_name" content="Harbour Post"></head><body>'
        "<a href='/'><h1>Harbour Post</h1></a><article><h1>The quay lamps are back</h1>"
        "<h1>Subscribe today</h1></article></body></html>"
    )
    truths = extraction.title_truth(page, "https://harbour.example/a")
    assert "Quay lamps are back" in truths
    assert "‘Quay’ lamps back" in truths  # entities decoded, the site cut
    assert "The quay lamps are back" in truths
    assert "Harbour Post" not in truths and "Subscribe today" not in truths


def test_a_title_is_right_when_its_words_match() -> None:
    truths = ["Quay lamps are back"]
    assert extraction.title_right("Quay lamps are back!", truths)
    assert extraction.title_right("The quay lamps are back", truths)  # F1 0.89
    assert not extraction.title_right("Lamps", truths)
    assert not extraction.title_right("(untitled)", truths)


def test_the_evaluation_reports_tuned_and_cross_validated_figures(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert extraction.main([str(corpus), "--json"]) == 0
    html, scrapes = json.loads(capsys.readouterr().out)
    assert (html["kind"], html["pages"], html["sites"]) == ("html", 3, 3)
    assert html["tuned"]["f1"] == 1.0 and html["cross_validated"]["f1"] == 1.0
    assert html["tuned"]["titles_right"] == 3
    assert scrapes["tuned"]["f1"] == 1.0
    # The coast scrape lost its headline: its title is not counted, and it is untitled.
    assert scrapes["holding_headline"] == 2
    assert scrapes["tuned"]["titles_right"] == 2 and scrapes["tuned"]["titles_counted"] == 2
    assert set(scrapes["targets"]) == {"f1", "precision", "titles"}
    assert set(scrapes["per_site"]) == {f"{site}.example" for site in BODIES}


def test_the_printed_report_shows_every_site(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert extraction.main([str(corpus), "--only", "scrapes"]) == 0
    out = capsys.readouterr().out
    assert "tuned (all pages)" in out and "cross-validated (leave site out)" in out
    table = out.split("per site, held out")[1]
    for site in BODIES:
        assert f"{site}.example" in table
    assert "of the 1 that do not, 1 come out (untitled)" in out


def test_each_site_is_scored_with_settings_fitted_without_it() -> None:
    pages = [
        extraction.Page(str(n), site, "", []) for n, site in enumerate(["a", "a", "b", "c"])
    ]
    outcome = extraction.Outcome
    run = extraction.Run("html", pages, ["shipped", "other"])
    # The shipped setting is perfect on a, the other on b and c: a is scored with the other
    # (fitted on b and c), b and c with the shipped one (fitted on a and on c, or a and b).
    run.outcomes = [
        [outcome(1.0, 1.0), outcome(1.0, 1.0), outcome(0.5, 0.5), outcome(0.5, 0.5)],
        [outcome(0.2, 0.2), outcome(0.2, 0.2), outcome(1.0, 1.0), outcome(1.0, 1.0)],
    ]
    held_out, chosen = extraction.cross_validated(run)
    assert chosen["a"][0] == 1 and chosen["b"][0] == 0 and chosen["c"][0] == 0
    assert [o.precision for o in held_out] == [0.2, 0.2, 0.5, 0.5]
