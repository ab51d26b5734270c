"""reader: a terminal news reader for your own archive of articles."""

__version__ = "0.1.0"
