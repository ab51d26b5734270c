"""Bytes to text, for every format: the one place where files are decoded.

A BOM wins, then a charset the file declares (pages), then UTF-8, then detection. Archives
collect files from many tools: a page saved as UTF-8 may keep a stale Latin-1 declaration, and a
file stitched together from two sources may hold UTF-8 and Windows-1252 bytes side by side; where
the bytes are mostly valid UTF-8, each invalid byte is read as Windows-1252 instead of letting a
detector pick one encoding for the whole file. Binary files are refused with a reason.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

from reader.model import SourceError, strip_control

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
    """Like :func:`decode_text`, but a file that is UTF-8 apart from some stray single-byte
    characters keeps its UTF-8 text intact."""
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


# ---- saved pages -------------------------------------------------------------------------------

_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""",
    re.I,
)
_SINGLE_BYTE = re.compile(
    r"^(?:iso-?8859-?\d+|latin-?\d|windows-125\d|cp125\d|us-ascii|ascii)$", re.I
)


def declared_charset(data: bytes) -> str:
    """The charset a page declares in its first bytes (meta charset, http-equiv, XML)."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return ""
    return (match.group(1) or match.group(2) or b"").decode("ascii", "replace").strip()


def decode_html(data: bytes) -> str:
    """Decode a page: its declared charset first, unless the bytes say it is wrong.

    Control characters are left in: every text taken from the page passes
    :func:`reader.model.strip_control` on its way out, which is cheaper than cleaning the
    whole page (scripts and markup included).
    """
    declared = declared_charset(data)
    if declared and _SINGLE_BYTE.match(declared) and _is_utf8_with_non_ascii(data):
        # Pages saved as UTF-8 often keep a stale Latin-1 declaration: the bytes win.
        declared = "utf-8"
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        for encoding in (declared, "utf-8"):
            if not encoding:
                continue
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_mixed(data, declared)


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    sample = data[: 1024 * 1024]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample's end is still UTF-8.
        return error.start >= len(sample) - 3
    return True
