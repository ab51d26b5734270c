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
from reader.sources.decode import decode_text, looks_binary

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


def is_mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 multi-byte sequences are common enough not to be chance.

    Single-byte text almost never forms them (it would take a letter from 0xC2-0xF4 followed
    by a byte from 0x80-0xBF), so a few of them beside stray high bytes mean mixed input.
    Double-byte encodings (Shift-JIS, GBK, EUC) form some by chance, but then most high bytes
    stay outside any sequence: more bytes must sit inside sequences than outside them."""
    sample = data[: 1024 * 1024]
    sequences = _UTF8_SEQUENCE.findall(sample)
    if len(sequences) < 2:
        return False
    inside = sum(len(m) for m in sequences)
    stray = len(sample) - len(sample.translate(None, _HIGH_BYTES)) - inside
    return inside >= stray


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
    return decode_text(data, declared)
