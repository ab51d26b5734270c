"""The terminal reader: the only part of reader that imports Textual."""
