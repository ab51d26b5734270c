"""Turning saved files into clean articles.

- :mod:`reader.clean.text`: text scrapes (a page's visible text, one block a line) with line
  rules and chrome learned from the archive itself (:mod:`reader.clean.chrome`).
- :mod:`reader.clean.html`: main-content extraction from saved web pages.
- :mod:`reader.clean.fragment`: HTML fragments (feed entries, extracted content) to blocks.
"""
