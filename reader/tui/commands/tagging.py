"""Tagging, quick tags, suggestions and marks."""

from __future__ import annotations

from reader.tui.commands.command import Command

COMMANDS: tuple[Command, ...] = (
    # ---- Tag -----------------------------------------------------------------------------
    Command(
        "edit_tags",
        "t",
        "Edit tags",
        "Tag the marked articles, the article or the filter: +a -b",
        "Tag",
        {"screen": "list('edit_tags')"},
    ),
    *(
        Command(
            f"quick_tag_{digit}",
            str(digit),
            f"Quick tag {digit}",
            "Toggle a quick tag (config.toml quick_tags) on the article or marked",
            "Tag",
            {"screen": f"list('quick_tag', '{digit}')"},
        )
        for digit in range(1, 10)
    ),
    Command(
        "accept_suggestion",
        "a",
        "Accept suggestion",
        "Tag the article with its best suggested tag",
        "Tag",
        {"screen": "accept_suggestion"},
    ),
    Command(
        "undo",
        "u",
        "Undo",
        "Undo your last change; articles you only opened are undone last",
        "Tag",
        {"screen": "list('undo')"},
    ),
    Command(
        "redo",
        "ctrl+r",
        "Redo",
        "Redo the change undone last",
        "Tag",
        {"screen": "list('redo')"},
    ),
    Command(
        "complete_tag",
        "tab",
        "Complete tag",
        "In the tag editor: complete the word with the highlighted tag",
        "Tag",
        {"tag_editor": "complete"},
        palette=False,
    ),
    Command(
        "next_completion",
        "down",
        "Next completion",
        "In the tag editor: highlight the next tag",
        "Tag",
        {"tag_editor": "completion(1)"},
        palette=False,
    ),
    Command(
        "previous_completion",
        "up",
        "Previous completion",
        "In the tag editor: highlight the previous tag",
        "Tag",
        {"tag_editor": "completion(-1)"},
        palette=False,
    ),
    Command(
        "toggle_target",
        "ctrl+t",
        "Whole filter",
        "In the tag editor: act on the whole filter, or not",
        "Tag",
        {"tag_editor": "toggle_target"},
        palette=False,
    ),
    # ---- Mark ----------------------------------------------------------------------------
    Command(
        "toggle_mark",
        "space",
        "Mark",
        "In the list: mark or unmark the article and move down (or ctrl+click)",
        "Mark",
        {"list": "toggle_mark"},
        palette=False,
    ),
    Command(
        "mark_down",
        "shift+down",
        "Extend marks down",
        "Mark the article and the next one (shift+click marks a range)",
        "Mark",
        {"list": "mark_down"},
        palette=False,
    ),
    Command(
        "mark_up",
        "shift+up",
        "Extend marks up",
        "Mark the article and the previous one",
        "Mark",
        {"list": "mark_up"},
        palette=False,
    ),
    Command(
        "mark_all",
        "asterisk",
        "Mark all",
        "Mark every article in the current filter",
        "Mark",
        {"screen": "list('mark_all')"},
    ),
    Command(
        "clear_marks",
        "backslash",
        "Clear marks",
        "Unmark every article",
        "Mark",
        {"screen": "list('clear_marks')"},
    ),
)
