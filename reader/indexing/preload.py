"""Imported once by the forkserver, so every worker starts with the parsers loaded (a fork, not
a second of imports per worker). The recogniser is not preloaded: the first rows of a first
run wait for this import, names come later."""

from __future__ import annotations

import reader.indexing.work as work
from reader.sources import formats

formats()

__all__ = ["work"]
