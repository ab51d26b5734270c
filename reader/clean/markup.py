"""Markup made safe to parse: a bounded number of attributes per tag, no character libxml2
refuses.

libxml2 checks each new attribute of a tag against the ones before it, so the time to parse a
tag grows with the square of its attributes: one ``<p>`` with 20,000 attributes takes 1.5 s,
40,000 take 6.2 s, 200,000 about 40 s. No page needs more than a few dozen, so a tag keeps its
first :data:`MAX_ATTRIBUTES` (a page cut to 2 million characters of such tags then parses in
0.3 s). And lxml refuses to store text holding a control character (or a lone surrogate, or
U+FFFE): one such character in a page made every later step of extraction fail and the whole
page read as "no article". They are taken out before parsing; escape sequences go whole.
"""

from __future__ import annotations

import re

from reader.model import strip_control

__all__ = ["MAX_ATTRIBUTES", "parseable"]

MAX_ATTRIBUTES = 64

_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?"""
# Between attributes: space or '/', or nothing right after a quoted value.
_SEPARATOR = r"""(?:[\s/]+|(?<=["']))"""
_TAG_START = r"<[A-Za-z][^\s/<>]*"
# A start tag with more attributes than allowed (each attribute parses one way only, so a tag
# that turns out to have fewer costs one scan of it).
_CROWDED = re.compile(f"{_TAG_START}(?:{_SEPARATOR}{_ATTRIBUTE}){{{MAX_ATTRIBUTES + 1},}}")
_ALLOWED = re.compile(f"{_TAG_START}(?:{_SEPARATOR}{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}}")
# What libxml2 will not hold in a text node or attribute.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _first_attributes(match: re.Match[str]) -> str:
    kept = _ALLOWED.match(match.group())
    return kept.group() if kept is not None else match.group()


def parseable(markup: str) -> str:
    """``markup`` with at most :data:`MAX_ATTRIBUTES` attributes a tag and without characters
    libxml2 refuses; unchanged (the same object) when there was nothing to do."""
    if _NOT_XML.search(markup):
        # Escape sequences and controls go (as from any text), form feeds and vertical tabs
        # become spaces, the other refused characters are dropped.
        markup = _NOT_XML.sub("", strip_control(markup.replace("\x0b", " ").replace("\x0c", " ")))
    if markup.count("=") > MAX_ATTRIBUTES or markup.count(" ") > MAX_ATTRIBUTES:
        markup = _CROWDED.sub(_first_attributes, markup)
    return markup
