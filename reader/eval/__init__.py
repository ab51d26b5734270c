"""Measuring reader against public corpora: ``python -m reader.eval NAME ARGS...``.

Each evaluation is a module ``reader.eval.<name>`` exposing ``main(argv) -> int``. Corpora are
read from a path given on the command line; nothing from them is kept.
"""

EVALUATIONS = ("extraction", "entities", "topics")
