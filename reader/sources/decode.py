"""Bytes to text: UTF-8 first, then detection; binary files are refused with a reason."""

from __future__ import annotations

import codecs

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


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes in the first block mean it is not text."""
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
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
    best = from_bytes(data[: 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise SourceError("undecodable text", "no text encoding fits these bytes")
    return strip_control(data.decode(best.encoding, errors="replace"))
