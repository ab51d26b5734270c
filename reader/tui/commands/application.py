"""Views, layout, themes and the application itself."""

from __future__ import annotations

from reader.tui.commands.command import Command

COMMANDS: tuple[Command, ...] = (
    # ---- View ----------------------------------------------------------------------------
    Command(
        "cycle_highlights",
        "e",
        "Cycle highlights",
        "Highlight all entities, one type, or none",
        "View",
        {"screen": "cycle_highlights"},
    ),
    Command(
        "toggle_sidebar",
        "w",
        "Toggle list",
        "Hide or show the article list",
        "View",
        {"screen": "toggle_sidebar"},
    ),
    Command(
        "toggle_theme",
        "T",
        "Light or dark",
        "Switch between the reader's light and dark themes",
        "View",
        {"app": "toggle_theme"},
    ),
    Command(
        "problems",
        "P",
        "Problems",
        "Files that could not be read, with the reason",
        "View",
        {"app": "show_problems"},
    ),
    # ---- Application ---------------------------------------------------------------------
    Command(
        "help",
        "question_mark",
        "Help",
        "Show every key",
        "Application",
        {"app": "show_help"},
    ),
    Command(
        "command_palette",
        "ctrl+p",
        "Commands",
        "Search every command by name",
        "Application",
        {"app": "command_palette"},
        palette=False,
    ),
    Command(
        "close",
        "escape,q",
        "Close",
        "Close the help or problems screen; cancel a question",
        "Application",
        {"dialog": "close"},
        palette=False,
    ),
    Command(
        "confirm",
        "y,enter",
        "Yes",
        "Answer yes to a question (before a change to several articles)",
        "Application",
        {"confirm": "confirm"},
        palette=False,
    ),
    Command(
        "deny",
        "n",
        "No",
        "Answer no to a question: nothing is changed",
        "Application",
        {"confirm": "close"},
        palette=False,
    ),
    Command(
        "quit",
        "q",
        "Quit",
        "Leave the reader",
        "Application",
        {"app": "quit"},
    ),
)
