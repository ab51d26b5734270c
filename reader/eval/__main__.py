"""``python -m reader.eval NAME ARGS...``: run the evaluation ``reader.eval.NAME``."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from reader.eval import EVALUATIONS


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    usage = f"usage: python -m reader.eval {{{','.join(EVALUATIONS)}}} ARGS..."
    if not args or args[0] in ("-h", "--help"):
        print(usage)
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in EVALUATIONS:
        print(f"unknown evaluation {name!r}\n{usage}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"reader.eval.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"reader.eval.{name}":
            raise
        print(f"the {name} evaluation is not available in this installation", file=sys.stderr)
        return 2
    run: Callable[[list[str]], int] | None = getattr(module, "main", None)
    if run is None:
        print(f"reader.eval.{name} has no main(argv)", file=sys.stderr)
        return 2
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
