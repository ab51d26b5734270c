"""Bytes to text: UTF-8 first, then detection; binary files are refused with a reason."""

from __future__ import annotations

import codecs
from functools import lru_cache

from charset_normalizer import from_bytes

from reader.model import strip_control
from reader.sources import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


UNDECODABLE = "undecodable text"
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


# Every format's sniff asks about the same head: answer once per file.
@lru_cache(maxsize=4)
def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes in the first block mean it is not text."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    # translate() in C, not a Python loop: this runs several times per file while indexing.
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls / len(head) > 0.05


def decode_text(data: bytes, declared: str = "") -> str:
    """Decode file content: a BOM, then the declared charset, then UTF-8, then detection.

    Control characters and terminal escapes are removed: they never reach the store.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return strip_control(data.decode(encoding, errors="replace"))
    if looks_binary(data[:4096]):
        raise SourceError("binary file", "the file holds bytes that are not text")
    if declared:
        try:
            return strip_control(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return strip_control(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return strip_control(data.decode(detect_encoding(data), errors="replace"))


# Single-byte Latin code pages that detection cannot tell apart on short Western text; when one
# of them wins, Windows-1252 (what most mis-declared Western pages really are) is preferred.
_LATIN_FAMILY = {"cp1250", "cp1257", "iso8859_10", "iso8859_15", "iso8859_2", "latin_1",
                 "mac_roman", "mac_iceland", "mac_turkish", "mac_latin2", "cp775", "cp850"}


def detect_encoding(data: bytes) -> str:
    results = from_bytes(data[: 1024 * 1024])
    best = results.best()
    if best is None or best.encoding is None:
        raise SourceError(UNDECODABLE, "no text encoding fits these bytes")
    ties = {
        m.encoding
        for m in results
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01
    }
    if "cp1252" in ties or best.encoding in _LATIN_FAMILY:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return str(best.encoding)
        return "cp1252"
    return str(best.encoding)
