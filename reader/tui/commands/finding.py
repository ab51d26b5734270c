"""Finding articles, and correcting names in the entity panel."""

from __future__ import annotations

from reader.tui.commands.command import Command

COMMANDS: tuple[Command, ...] = (
    # ---- Find ----------------------------------------------------------------------------
    Command(
        "search",
        "slash",
        "Filter",
        'Filter: words, +tag, -tag, entity:"Name", is:unread, date:2023-10, or',
        "Find",
        {"screen": "search"},
    ),
    Command(
        "clear",
        "escape",
        "Clear",
        "Close the filter bar, clear the marks, or clear the filter",
        "Find",
        {"screen": "clear"},
    ),
    Command(
        "toggle_views",
        "v",
        "Views",
        "Go to the saved views; again: hide them",
        "Find",
        {"screen": "toggle_views"},
    ),
    Command(
        "save_view",
        "V",
        "Save view",
        "Save the current filter as a view in the sidebar",
        "Find",
        {"screen": "list('save_view')"},
    ),
    Command(
        "delete_view",
        "delete",
        "Delete view",
        "Delete the highlighted saved view (or the one showing)",
        "Find",
        {"screen": "list('delete_view')"},
    ),
    Command(
        "toggle_entities",
        "x",
        "Entity panel",
        "People, organisations and places in the article; choose one to filter",
        "Find",
        {"screen": "toggle_entities"},
    ),
    # ---- Names: corrections made in the entity panel, to the highlighted name -------------
    Command(
        "hide_entity",
        "d",
        "Not a name",
        "Entity panel: not a name, hide it everywhere (asks first)",
        "Names",
        {"screen": "entity('hide_entity')"},
    ),
    Command(
        "relabel_entity",
        "c",
        "Change name type",
        "Entity panel: change its type (person, organisation, place, other)",
        "Names",
        {"screen": "entity('relabel_entity')"},
    ),
    Command(
        "alias_entity",
        "m",
        "Merge: same as…",
        "Entity panel: merge it into another name (US = United States)",
        "Names",
        {"screen": "entity('alias_entity')"},
    ),
    Command(
        "split_entity",
        "S",
        "Split: not the same",
        "Entity panel: the names grouped under it here are names of their own",
        "Names",
        # On the panel itself: elsewhere S sorts the list.
        {"entities": "screen.entity('split_entity')"},
    ),
)
