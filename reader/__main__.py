from reader.cli import main

# The guard matters: indexing starts worker processes, which import the main module again.
if __name__ == "__main__":
    raise SystemExit(main())
