"""Programs the reader hands an article or a link to: the browser, ``$PAGER``, ``$EDITOR``, a
shell command the article is piped to, and files it is saved in.

A program that needs the terminal (a pager, an editor, a pipe whose output is read, a text
browser) runs while the reader is suspended (``App.suspend``) and the reader comes back when it
ends. Where the terminal cannot be handed over (a headless run), the program runs without one,
its output captured and its first line shown on the status line. Either way the outcome is one
sentence for the status line: what ran, or why it could not ("Pager not found: less — set
$PAGER"), never a traceback.

Article text reaches a program only on its standard input or in a file, never on its command
line; a link reaches the browser only as what ``reader.safety.safe_link`` returned (a web or
mail address that cannot be read as an option), as one argument.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from reader.cli.articles import format_article
from reader.export import write_markdown
from reader.safety import display_path, safe_line
from reader.store import StoredArticle

# Browsers that draw in the terminal: they run with the reader suspended, like a pager.
TERMINAL_BROWSERS = frozenset({"w3m", "lynx", "links", "elinks", "browsh", "carbonyl"})
# Browsers whose command line ends its options at "--" (Chromium's switch parser): the URL
# goes after it when the setting does not place it with %u.
DASH_DASH_BROWSERS = frozenset(
    {
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "brave-browser",
        "microsoft-edge",
        "vivaldi",
    }
)
DEFAULT_PAGER = "less"
DEFAULT_EDITOR = "vi"
SHELL = "/bin/sh"
# Without a terminal a program cannot be waited for by its user: it gets this long.
UNATTENDED_SECONDS = 60.0
RETURN_PROMPT = "\n[reader] Press Enter to return to the reader. "


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened, for the status line."""

    note: str
    error: bool = False


def article_text(stored: StoredArticle, *, markdown: bool = False) -> str:
    """The article as plain text (as ``reader show`` prints it) or as Markdown (as
    ``reader export md`` writes it): both made safe for a terminal."""
    if not markdown:
        return format_article(stored)
    out = StringIO()
    write_markdown([stored], out)
    return out.getvalue().rstrip("\n") + "\n"


def command_words(command: str, what: str) -> list[str]:
    """A command setting split as a shell would (``less -R``, ``code --wait``). Raises
    ValueError with a sentence for an empty or unbalanced one."""
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise ValueError(f"The {what} command cannot be read ({error}): {command!r}") from None
    if not words:
        raise ValueError(f"The {what} command is empty")
    return words


def browser_argv(setting: str, url: str) -> list[str]:
    """The configured browser's command for ``url`` (a ``safe_link`` result): ``%u`` in the
    setting is replaced by the URL; without it the URL is the last argument, after ``--`` for
    browsers that take it."""
    words = command_words(setting, "browser")
    if any("%u" in word for word in words):
        return [word.replace("%u", url) for word in words]
    if Path(words[0]).name in DASH_DASH_BROWSERS:
        return [*words, "--", url]
    return [*words, url]


@dataclass(frozen=True, slots=True)
class Program:
    """One run of an outside program. ``name`` says what it is in messages ("less", "the
    command"); ``stdin`` is given on its standard input; ``pause``: its output is to be read
    in the terminal before the reader comes back; ``done`` is the note when it succeeded;
    ``cleanup``: a temporary file removed afterwards."""

    argv: list[str]
    name: str
    done: str
    stdin: bytes | None = None
    pause: bool = False
    cleanup: Path | None = None
    missing_hint: str = ""  # what to do when the program does not exist ("set $PAGER")

    def run(self, *, terminal: bool) -> Outcome:
        """Run it, in the terminal (the reader suspended) or without one (output captured)."""
        try:
            return self._run(terminal)
        finally:
            if self.cleanup is not None:
                self.cleanup.unlink(missing_ok=True)

    def _run(self, terminal: bool) -> Outcome:
        try:
            if terminal:
                completed = subprocess.run(self.argv, input=self.stdin, check=False)
                if self.pause:
                    wait_for_enter()
                output = ""
            else:
                captured = subprocess.run(
                    self.argv,
                    input=self.stdin if self.stdin is not None else b"",
                    capture_output=True,
                    timeout=UNATTENDED_SECONDS,
                    check=False,
                )
                completed = captured
                output = (captured.stdout or captured.stderr).decode("utf-8", "replace")
        except FileNotFoundError:
            hint = f" — {self.missing_hint}" if self.missing_hint else ""
            return Outcome(f"Not found: {safe_line(self.argv[0])}{hint}", error=True)
        except PermissionError:
            return Outcome(f"Cannot run {safe_line(self.argv[0])}: permission denied", True)
        except subprocess.TimeoutExpired:
            return Outcome(f"{self.name} took too long and was stopped", error=True)
        except OSError as error:
            return Outcome(f"Cannot run {safe_line(self.argv[0])}: {error.strerror}", True)
        status = completed.returncode
        if status != 0:
            return Outcome(failure(self.name, status, output), error=True)
        first = next((line for line in output.splitlines() if line.strip()), "")
        return Outcome(f"{self.done}: {safe_line(first)}" if first else self.done)


def failure(name: str, status: int, output: str = "") -> str:
    """A failed program's status as a sentence (126 and 127 are the shell's)."""
    reason = {126: "not executable", 127: "command not found"}.get(status, "")
    if status < 0:
        reason = f"stopped by signal {-status}"
    said = next((line for line in output.splitlines() if line.strip()), "")
    detail = f" ({reason})" if reason else ""
    tail = f": {safe_line(said)}" if said else ""
    return f"{name} failed with status {status}{detail}{tail}"


def wait_for_enter() -> None:
    """Ask for Enter on the terminal, so the output above can be read before the reader
    draws over it. Without a terminal to ask on, go straight back."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return
    try:
        os.write(tty, RETURN_PROMPT.encode("utf-8"))
        while True:
            typed = os.read(tty, 1024)
            if not typed or b"\n" in typed or b"\r" in typed:
                break
    except OSError:
        pass
    finally:
        os.close(tty)


def pipe_program(command: str, text: str) -> Program:
    """``text`` piped to a shell command the user typed; its output is read in the terminal."""
    shown = safe_line(command)
    return Program(
        [SHELL, "-c", command],
        name=f"`{shown}`",
        done=f"Piped the article to `{shown}`",
        stdin=text.encode("utf-8"),
        pause=True,
    )


def pager_program(text: str, environ: Mapping[str, str] | None = None) -> Program:
    """``text`` in ``$PAGER`` (default ``less``)."""
    setting = (environ if environ is not None else os.environ).get("PAGER", "") or DEFAULT_PAGER
    words = command_words(setting, "pager")
    return Program(
        words,
        name=safe_line(words[0]),
        done=f"Closed {safe_line(Path(words[0]).name)}",
        stdin=text.encode("utf-8"),
        missing_hint="set $PAGER to a pager you have",
    )


def editor_program(
    text: str, suffix: str = ".md", environ: Mapping[str, str] | None = None
) -> Program:
    """A copy of the article in ``$EDITOR`` (default ``vi``), in a temporary file removed
    when the editor closes: the archive is never written to."""
    setting = (environ if environ is not None else os.environ).get("EDITOR", "") or DEFAULT_EDITOR
    words = command_words(setting, "editor")
    handle, name = tempfile.mkstemp(prefix="reader-", suffix=suffix)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    path = Path(name)
    return Program(
        [*words, str(path)],
        name=safe_line(words[0]),
        done=f"Closed {safe_line(Path(words[0]).name)} (a copy: the archive is unchanged)",
        cleanup=path,
        missing_hint="set $EDITOR to an editor you have",
    )


def browser_program(setting: str, url: str) -> Program:
    """A terminal browser from the ``browser`` setting, run like a pager."""
    argv = browser_argv(setting, url)
    return Program(
        argv,
        name=safe_line(argv[0]),
        done=f"Closed {safe_line(Path(argv[0]).name)}",
        missing_hint="check `browser` in config.toml",
    )


def needs_terminal(setting: str) -> bool:
    """Whether the configured browser draws in the terminal (w3m, lynx, links, …)."""
    try:
        words = command_words(setting, "browser")
    except ValueError:
        return False
    return Path(words[0]).name in TERMINAL_BROWSERS


def open_in_browser(url: str, setting: str, opener: Callable[[str], bool] | None = None) -> Outcome:
    """Open ``url`` (a ``safe_link`` result) in the configured graphical browser, started on
    its own (the reader does not wait for it), or else with Python's ``webbrowser``."""
    if not setting:
        try:
            opened = (opener or webbrowser.open)(url)
        except Exception as error:  # webbrowser raises what its browsers raise
            return Outcome(f"The web browser could not open the link: {error}", error=True)
        if not opened:
            return Outcome(
                "No web browser found: set `browser` in config.toml (or $BROWSER)", error=True
            )
        return Outcome(f"Opened {safe_line(url)}")
    try:
        argv = browser_argv(setting, url)
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # it outlives the reader and never reads its keys
        )
    except ValueError as error:
        return Outcome(str(error), error=True)
    except FileNotFoundError:
        return Outcome(
            f"Browser not found: {safe_line(setting)} — check `browser` in config.toml", True
        )
    except OSError as error:
        return Outcome(f"Cannot start the browser: {error.strerror}", error=True)
    return Outcome(f"Opened {safe_line(url)}")


def expand_path(typed: str, base: Path) -> Path:
    """A path typed in a prompt: ``~`` expanded, relative to ``base``."""
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else base / path


def save_text(path: Path, text: str, *, replace: bool) -> Outcome:
    """Write ``text`` to ``path``; an existing file only when ``replace`` (the reader asked)."""
    shown = display_path(path)
    try:
        with open(path, "w" if replace else "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        return Outcome(f"Not saved, the file exists: {shown}", error=True)
    except IsADirectoryError:
        return Outcome(f"Not saved, that is a folder: {shown}", error=True)
    except FileNotFoundError:
        return Outcome(f"Not saved, the folder does not exist: {shown}", error=True)
    except OSError as error:
        return Outcome(f"Not saved, {error.strerror}: {shown}", error=True)
    return Outcome(f"Saved to {shown}")


def default_file_name(stored: StoredArticle, suffix: str = ".md") -> str:
    """A file name made of the article's title ("russia-rejects-kyiv-backed-talks.md"), or
    its id when the title has no letters."""
    words = "".join(c if c.isalnum() else " " for c in safe_line(stored.article.title).lower())
    stem = "-".join(words.split())[:60].rstrip("-") or stored.id
    return stem + suffix
