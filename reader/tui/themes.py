"""The reader's own themes, with colour variables for entity highlights and tag chips."""

from __future__ import annotations

from textual.theme import Theme

DARK = "reader-dark"
LIGHT = "reader-light"

# Every theme must define these; Textual's built-in themes get the defaults below.
ENTITY_VARIABLE_DEFAULTS: dict[str, str] = {
    "entity-person": "#e0af68",
    "entity-org": "#7dcfff",
    "entity-place": "#9ece6a",
    "entity-other": "#c8a2f0",
}

READER_DARK = Theme(
    name=DARK,
    primary="#7aa2f7",
    secondary="#bb9af7",
    accent="#ff9e64",
    warning="#e0af68",
    error="#f7768e",
    success="#9ece6a",
    foreground="#d5d9e4",
    background="#17191f",
    surface="#1e2129",
    panel="#262a35",
    dark=True,
    variables={
        **ENTITY_VARIABLE_DEFAULTS,
        "block-cursor-background": "#2f3a57",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-background": "#262a35",
        "footer-background": "#1e2129",
    },
)

READER_LIGHT = Theme(
    name=LIGHT,
    primary="#2957a4",
    secondary="#7a3e9d",
    accent="#b3541e",
    warning="#8a5a00",
    error="#b3261e",
    success="#2e7d32",
    foreground="#23262d",
    background="#fbfaf6",
    surface="#f1efe8",
    panel="#e6e3d9",
    dark=False,
    variables={
        # Dark enough for 4.5:1 contrast on the light background.
        "entity-person": "#8f4700",
        "entity-org": "#0b5f86",
        "entity-place": "#2a6b2e",
        "entity-other": "#6b3591",
        "block-cursor-background": "#d6e0f5",
        "block-cursor-foreground": "#101010",
        "block-cursor-blurred-background": "#e6e3d9",
        "footer-background": "#f1efe8",
    },
)

THEMES: tuple[Theme, ...] = (READER_DARK, READER_LIGHT)


def other_theme(name: str) -> str:
    """The theme the switch key goes to: light from anything dark, dark from light."""
    return DARK if name == LIGHT else LIGHT if name == DARK else DARK
