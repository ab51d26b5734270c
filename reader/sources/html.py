"""Saved web pages (.html, .htm, or anything that starts like HTML)."""

from __future__ import annotations

import re
from pathlib import Path

from reader.clean.html import extract_page
from reader.model import Article
from reader.sources.decode import decode_html, looks_binary
from reader.sources.registry import Format, ReadContext, SourceError, register

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|head|body|meta|title|div|p)[\s>]", re.IGNORECASE)
_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")


def _sniff(path: Path, head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf")
    if looks_binary(head):
        return False
    if _HTML_START.match(head):
        return True
    # A page saved without a doctype: trust the extension when the bytes look like markup.
    return path.suffix.lower() in _EXTENSIONS and bool(_HTML_ANYWHERE.search(head))


def read(path: Path, data: bytes, ctx: ReadContext) -> list[Article]:
    if not data.strip():
        raise SourceError("empty file", "the page holds nothing")
    text = decode_html(data)
    try:
        article = extract_page(text)
    except RecursionError as error:
        raise SourceError("page too deeply nested", str(error)) from error
    if "not parseable as HTML" in article.problems:
        raise SourceError("not parseable as HTML", "lxml could not build a document from it")
    if not article.blocks:
        raise SourceError("no article in page", "no main content or article prose was found")
    return [article]


FORMAT = register(Format("html", _sniff, read))
