"""Decoding text whose encoding is mixed or mislabelled.

Archives collect files from many tools: a page saved as UTF-8 may keep a stale Latin-1
declaration, and a file stitched together from two sources may hold UTF-8 and Windows-1252
bytes side by side. Where the bytes are mostly valid UTF-8, each invalid byte is read as
Windows-1252 instead of letting a detector pick one encoding for the whole file.
"""

from __future__ import annotations

import codecs
import re

from reader.model import strip_control
from reader.sources import SourceError
from reader.sources.decode import UNDECODABLE, decode_text, looks_binary

_FALLBACK = "reader-cp1252-fallback"
# A well-formed UTF-8 multi-byte sequence: evidence the file is UTF-8 at heart.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


_HIGH_BYTES = bytes(range(0x80, 0x100))
_LONE_HIGH_BYTE = re.compile(rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])")
# Share of the bytes outside UTF-8 sequences that must stand alone for Latin text mixed in.
LONE_SHARE = 0.8


def is_mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 multi-byte sequences are common enough not to be chance.

    Single-byte text almost never forms them (it would take a letter from 0xC2-0xF4 followed
    by a byte from 0x80-0xBF), so a few of them beside stray high bytes mean mixed input.
    Double-byte encodings (Shift-JIS, GBK, EUC) form some by chance, but their other high bytes
    come in runs, where a Latin letter's byte stands alone between ASCII: the input counts as
    mixed when more bytes sit inside sequences than outside, or when the bytes outside are
    nearly all lone ones."""
    sample = data[: 1024 * 1024]
    sequences = _UTF8_SEQUENCE.findall(sample)
    if len(sequences) < 2:
        return False
    inside = sum(len(m) for m in sequences)
    stray = len(sample) - len(sample.translate(None, _HIGH_BYTES)) - inside
    if inside >= stray:
        return True
    lone = len(_LONE_HIGH_BYTE.findall(_UTF8_SEQUENCE.sub(b"x", sample)))
    return lone >= LONE_SHARE * stray


def decode_mixed(data: bytes, declared: str = "") -> str:
    """Like :func:`reader.sources.decode.decode_text`, but a file that is UTF-8 apart from
    some stray single-byte characters keeps its UTF-8 text intact."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if is_mostly_utf8(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return strip_control(data.decode("utf-8", errors=_FALLBACK))
    else:
        # Already decoded: skip decode_text's second pass unless a charset was declared.
        if not declared and not looks_binary(data[:4096]):
            return strip_control(text)
    try:
        return decode_text(data, declared)
    except SourceError as error:
        if error.reason != UNDECODABLE:
            raise
        # No one encoding fits (UTF-8 and Latin text stitched together, say): what is UTF-8 is
        # read as UTF-8 and every other byte as Windows-1252, so no text is lost.
        return strip_control(data.decode("utf-8", errors=_FALLBACK))
