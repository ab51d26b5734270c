"""Tools inside the article: find, links by number, pipe, save, pager, editor, evidence."""

from __future__ import annotations

from reader.tui.commands.command import Command

COMMANDS: tuple[Command, ...] = (
    # ---- Reading tools: inside the article -----------------------------------------------
    # Search, numbered links, pipe, save, pager, editor, and the suggestion's evidence. The
    # screen hands each to the article pane: reading('tool') (panes/article_pane.py).
    Command(
        "find_in_article",
        "f",
        "Find in article",
        "Search the article; every match is highlighted",
        "Find",
        {"screen": "reading('find')"},
    ),
    Command(
        "next_match",
        "right_square_bracket",
        "Next match",
        "The next match of the search in the article",
        "Find",
        {"screen": "reading('next_match')"},
    ),
    Command(
        "previous_match",
        "left_square_bracket",
        "Previous match",
        "The previous match of the search in the article",
        "Find",
        {"screen": "reading('previous_match')"},
    ),
    Command(
        "end_find",
        "escape",
        "End search",
        "In the article: end the search (its matches are no longer marked)",
        "Find",
        {"article": "end_find"},
        palette=False,
    ),
    Command(
        "open_link",
        "L",
        "Open a link by number",
        "Number the links; type a number to open that link in the browser",
        "Read",
        {"screen": "reading('open_link')"},
    ),
    Command(
        "copy_link",
        "Y",
        "Copy a link by number",
        "Number the links; type a number to copy that link",
        "Read",
        {"screen": "reading('copy_link')"},
    ),
    Command(
        "pipe_article",
        "vertical_line",
        "Pipe to a command",
        "Pipe the article (text or Markdown) to a shell command",
        "Read",
        {"screen": "reading('pipe')"},
    ),
    Command(
        "pipe_format",
        "ctrl+t",
        "Text or Markdown",
        "In the pipe prompt: send Markdown or plain text",
        "Read",
        {"pipe": "toggle_format"},
        palette=False,
    ),
    Command(
        "save_article",
        "ctrl+s",
        "Save to a file",
        "Save the article to a file (Markdown for .md); asks before replacing",
        "Read",
        {"screen": "reading('save')"},
    ),
    Command(
        "open_pager",
        "O",
        "Open in pager",
        "Read the article in $PAGER (less by default)",
        "Read",
        {"screen": "reading('pager')"},
    ),
    Command(
        "open_editor",
        "E",
        "Open in editor",
        "Open a copy of the article in $EDITOR (vi by default)",
        "Read",
        {"screen": "reading('editor')"},
    ),
    Command(
        "explain_suggestion",
        "W",
        "Why this suggestion",
        "Show or hide why a tag is suggested: words, names, similar articles",
        "Tag",
        {"screen": "reading('explain')"},
    ),
    Command(
        "dismiss_suggestion",
        "D",
        "Dismiss suggestion",
        "Dismiss the suggested tag: not suggested for this article again",
        "Tag",
        {"screen": "reading('dismiss')"},
    ),
)
