"""Decoding files: declared charsets, stale declarations, detection, mixed encodings."""

from __future__ import annotations

from reader.sources.decode import declared_charset, decode_html, decode_mixed


def test_declared_charset_is_honoured() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Café</title></head>'
        "<body><p>Crème brûlée.</p></body></html>"
    ).encode("latin-1")
    assert declared_charset(page) == "iso-8859-1"
    assert "Crème brûlée." in decode_html(page)


def test_wrong_latin1_declaration_on_utf8_bytes() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "</head><body><p>Zürich, São Paulo and Kraków.</p></body></html>"
    ).encode()
    assert "Zürich, São Paulo and Kraków." in decode_html(page)


def test_missing_charset_is_detected() -> None:
    text = "<html><body><p>" + "Les élèves ont été très déçus par la fermeture. " * 20
    page = (text + "</p></body></html>").encode("cp1252")
    assert "élèves ont été très déçus" in decode_html(page)


def test_mixed_encodings_keep_the_utf8_text() -> None:
    data = "Naïve café owners — ".encode() + "crème brûlée".encode("cp1252")
    assert decode_mixed(data) == "Naïve café owners — crème brûlée"


def test_latin_text_with_some_utf8_in_it_is_read_whole() -> None:
    # Mostly Windows-1252 letters standing alone between ASCII, and a little UTF-8.
    data = "Café crème brûlée. ".encode() + "Été à la plage. ".encode("cp1252") * 40
    text = decode_mixed(data)
    assert text.startswith("Café crème brûlée. Été à la plage.")
    assert text.count("Été à la plage.") == 40


def test_bytes_no_encoding_fits_are_still_read() -> None:
    # No detector settles on these: read as Windows-1252 rather than refused.
    data = "Été à la plage. ".encode("cp1252") * 3 + b"\x85\x99\x80" * 40
    text = decode_mixed(data)
    assert text.startswith("Été à la plage. Été à la plage. Été à la plage. …™€")
