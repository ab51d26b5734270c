"""Text scrapes: any decodable text file no other format claims (the fallback format).

Before reading, the indexer shows every new or changed scrape to :func:`observe`, which counts
line shapes per source; :func:`read` then treats the shapes a source repeats across many files
as chrome (see :mod:`reader.clean.chrome`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reader.clean.chrome import MIN_FILES, ChromeModel, ChromeNote, note_lines
from reader.clean.text import clean_scrape, site_name, split_lines
from reader.clean.tuning import SCRAPE, ScrapeTuning
from reader.model import Article
from reader.sources.decode import decode_mixed, looks_binary
from reader.sources.registry import Format, ReadContext, SourceError, register

_LEARNED_KEY = "text.chrome"
# Only the top and bottom of a file are needed to tell which site it comes from.
_SITE_LINES = 40


def _sniff(path: Path, head: bytes) -> bool:
    return not looks_binary(head)


def chrome_model(ctx: ReadContext) -> ChromeModel:
    """The batch's chrome statistics, created on first use and bound to the open index."""
    model = ctx.learned.get(_LEARNED_KEY)
    if not isinstance(model, ChromeModel):
        model = ChromeModel(statistics=ctx.line_statistics)
        ctx.learned[_LEARNED_KEY] = model
    return model


def source_key(path: Path, lines: list[str]) -> str:
    """Which source a scrape belongs to: the site it names, else the folder it sits in."""
    edges = lines[:_SITE_LINES] + lines[-_SITE_LINES:] if len(lines) > 2 * _SITE_LINES else lines
    site = site_name(edges)
    if site:
        return "site:" + site.casefold()
    return _folder_key(path.parent)


@lru_cache(maxsize=1024)
def _folder_key(folder: Path) -> str:
    # resolve() asks the file system about every part of the path: once per folder is enough.
    return "folder:" + str(folder.resolve())


def _decode(data: bytes) -> str:
    return decode_mixed(data)


def note(path: Path, data: bytes) -> ChromeNote | None:
    """The line shapes one scrape adds to its source's chrome statistics."""
    try:
        text = _decode(data)
    except SourceError:
        return None  # read() reports it
    lines = split_lines(text)
    return note_lines(source_key(path, lines), data, lines)


def learn(found: ChromeNote, ctx: ReadContext) -> None:
    chrome_model(ctx).record(found)


def observe(path: Path, data: bytes, ctx: ReadContext) -> None:
    FORMAT.observe(path, data, ctx)


def read(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
    return [scrape_article(path, data, ctx)]


def scrape_article(
    path: Path, data: bytes, ctx: ReadContext, tuning: ScrapeTuning = SCRAPE
) -> Article:
    """The article of one scrape, cleaned with ``tuning`` (the evaluation tries several)."""
    text = _decode(data)
    if not text.strip():
        raise SourceError("empty file", "the file holds no text")
    lines = split_lines(text)
    stats = chrome_model(ctx).stats(source_key(path, lines))
    learned = stats.is_chrome if stats.files >= MIN_FILES else None
    article = clean_scrape(text, is_learned_chrome=learned, split=lines, tuning=tuning)
    if not article.blocks:
        raise SourceError("no article text", "no line of the file reads as article prose")
    return article


FORMAT = register(Format("text", _sniff, read, note, learn))
