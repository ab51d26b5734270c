"""Turning the text of saved files into clean articles (decoding bytes is reader.sources').

- :mod:`reader.clean.text`: text scrapes (a page's visible text, one block a line) with line
  rules (:mod:`reader.clean.lines`) and chrome learned from the archive itself
  (:mod:`reader.clean.chrome`).
- :mod:`reader.clean.html`: saved web pages; it takes the page's metadata from
  :mod:`reader.clean.page_meta`, cleans the extractor's leftovers with
  :mod:`reader.clean.leftovers`, reconciles two readings with :mod:`reader.clean.combine`
  and puts captions back with :mod:`reader.clean.figures`; :mod:`reader.clean.words` holds the
  word helpers they share.
- :mod:`reader.clean.fragment`: HTML fragments (feed entries, extracted content) to blocks;
  :mod:`reader.clean.entry` cleans a feed entry's.
- :mod:`reader.clean.titles`: what may be a title (never chrome, a credit, a byline, a file
  name or a hash), HTML entities decoded, a site's name cut from a title.
- :mod:`reader.clean.dates`: dates found in text, written as ISO 8601.
- :mod:`reader.clean.tuning`: the numbers the cleaners were tuned with, and the values the
  extraction evaluation refits them over, leaving one site out at a time.

Nothing here imports :mod:`reader.sources`: the formats use the cleaners, never the other way
round.
"""
