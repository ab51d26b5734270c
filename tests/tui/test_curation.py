"""Correcting names where they are read: in the entity panel, the highlighted name can be hidden
(after a yes), given another type, or merged into another name. Each correction is stored with
the user's rules, rewrites the stored mentions, and shows at once in the article and the panel."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from reader.config import Config
from reader.entities import Curation
from reader.model import Article, Block, Span
from reader.store import Store
from reader.tui.app import ReaderApp
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.entity_type import EntityTypeScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen
from tests.support.tui import MakeReader, focused, put, screen_text, settle, top


async def open_panel_on(app: ReaderApp, pilot: Pilot[Any], name: str) -> MainScreen:
    """Open the entity panel and highlight ``name`` in it."""
    screen = await settle(app, pilot)
    await pilot.press("x")
    await pilot.pause()
    panel = screen.entity_panel
    assert focused(app) is panel
    panel.highlighted = next(
        i
        for i, option in enumerate(panel.options)
        if str(option.prompt).rsplit("  ", 1)[0] == name and not option.disabled
    )
    await pilot.pause()
    return screen


def panel_names(screen: MainScreen) -> dict[str, str]:
    """name -> label of every entry in the entity panel."""
    panel = screen.entity_panel
    found: dict[str, str] = {}
    for option in panel.options:
        choice = panel._choices.get(option.id or "")
        if choice is not None:
            found[choice[0]] = choice[1]
    return found


def rules_of(store: Store) -> list[tuple[str, str, str, str]]:
    return [
        (row["kind"], row["name"], row["target"], row["label"])
        for row in store.conn.execute("SELECT kind, name, target, label FROM entity_rules")
    ]


def mentions(store: Store, where: str, *params: str) -> list[tuple[str, str, str]]:
    return [
        (row["text"], row["canonical"], row["label"])
        for row in store.conn.execute(
            f"SELECT text, canonical, label FROM mentions WHERE {where}", params
        )
    ]


async def test_hide_asks_first_then_drops_the_name_everywhere(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Ukrainian")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Hide Ukrainian everywhere?" in screen_text(app)
        assert rules_of(store) == []  # nothing is stored before the yes
        await pilot.press("y")
        screen = await settle(app, pilot)
        assert rules_of(store) == [("hide", "Ukrainian", "", "")]
        assert mentions(store, "text = 'Ukrainian'") == []
        assert screen.status_bar.status.note == "Hidden: Ukrainian"
        # The article and the panel show the change at once.
        assert screen.current is not None
        assert all(span.text != "Ukrainian" for span in screen.current.spans)
        assert "Ukrainian" not in panel_names(screen)
        assert "Maria Zakharova" in panel_names(screen)
        assert focused(app) is screen.entity_panel
        assert screen.entity_panel.highlighted_entity is not None


async def test_hide_answered_no_changes_nothing(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Ukrainian")
        before = mentions(store, "text = 'Ukrainian'")
        assert before
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        screen = await settle(app, pilot)
        assert rules_of(store) == []
        assert mentions(store, "text = 'Ukrainian'") == before
        assert "Ukrainian" in panel_names(screen)
        assert screen.status_bar.status.note == "Nothing changed."


async def test_type_change_relabels_the_name_in_every_article(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Malta")
        assert panel_names(screen)["Malta"] == "PLACE"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, EntityTypeScreen)
        text = screen_text(app)
        assert "What is Malta?" in text and "Place  (now)" in text
        await pilot.press("k", "enter")  # from Place up to Organisation
        screen = await settle(app, pilot)
        assert rules_of(store) == [("label", "Malta", "", "ORG")]
        labels = {label for _text, _canonical, label in mentions(store, "canonical = 'Malta'")}
        assert labels == {"ORG"}  # in the seed and the 24 other stories alike
        assert len(mentions(store, "canonical = 'Malta'")) == 26
        assert screen.status_bar.status.note == "Malta is now an organisation"
        assert panel_names(screen)["Malta"] == "ORG"
        assert screen.current is not None
        assert {s.label for s in screen.current.spans if s.text == "Malta"} == {"ORG"}
        # The highlight stays on the name, now under Organisations.
        assert screen.entity_panel.highlighted_entity == ("Malta", "ORG")


async def test_type_change_cancelled_changes_nothing(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Malta")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        screen = await settle(app, pilot)
        assert rules_of(store) == []
        assert panel_names(screen)["Malta"] == "PLACE"


async def test_same_as_merges_the_name_into_one_typed_with_completion(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Ukrainian")
        await pilot.press("m")
        await settle_prompt(app, pilot)
        assert "Which name is Ukrainian the same as?" in screen_text(app)
        await pilot.press("u", "k", "r")
        await pilot.pause()
        await pilot.press("right")  # takes the completion: the archive's "Ukraine"
        await pilot.pause()
        await pilot.press("enter")
        screen = await settle(app, pilot)
        assert rules_of(store) == [("alias", "Ukrainian", "Ukraine", "")]
        assert {c for _t, c, _l in mentions(store, "text = 'Ukrainian'")} == {"Ukraine"}
        assert Curation.load(store).resolve("ukrainian") == "Ukraine"
        assert screen.status_bar.status.note == "Ukrainian is now Ukraine"
        names = panel_names(screen)
        assert "Ukrainian" not in names and "Ukraine" in names
        assert screen.current is not None
        assert {s.canonical for s in screen.current.spans if s.text == "Ukrainian"} == {"Ukraine"}
        assert screen.entity_panel.highlighted_entity == ("Ukraine", "PLACE")


async def settle_prompt(app: ReaderApp, pilot: Pilot[Any]) -> None:
    """Wait for the "same as" prompt and the archive's names it completes from."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)


async def test_same_as_a_name_that_loops_back_says_why_and_changes_nothing(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Ukrainian")
        await pilot.press("m")
        await settle_prompt(app, pilot)
        await pilot.press(*"ukrainian", "enter")
        screen = await settle(app, pilot)
        assert rules_of(store) == []
        assert screen.status_bar.status.error
        assert "alias of itself" in screen.status_bar.status.note


async def test_corrections_apply_only_in_the_entity_panel(
    reader_app: MakeReader, archive: str
) -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        assert focused(app) is screen.article_list
        for key in ("d", "c", "m"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
        for action in ("hide_entity", "relabel_entity", "alias_entity"):
            assert screen.check_action(action, ()) is False
        await pilot.press("x")
        await pilot.pause()
        for action in ("hide_entity", "relabel_entity", "alias_entity"):
            assert screen.check_action(action, ()) is True


async def test_rebound_correction_keys_work_and_the_hint_names_them(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    config = Config(keymap={"hide_entity": "H", "relabel_entity": "L", "alias_entity": "M"})
    app = reader_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Ukrainian")
        text = screen_text(app)
        assert "H: not a name · L: type" in text and "M: same as…" in text
        await pilot.press("d")  # no longer bound
        await pilot.pause()
        assert top(app) is screen
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert rules_of(store) == [("hide", "Ukrainian", "", "")]


async def test_split_keeps_apart_what_grouping_joined_and_u_takes_it_back(
    reader_app: MakeReader, store: Store, archive: str
) -> None:
    body = "Maria Zakharova spoke first. Later Zakharova said more."
    with store.transaction():
        put(
            store,
            Article("Briefing", [Block("paragraph", body)], date="2023-11-02", source="Wire"),
            [
                Span(0, 15, "PERSON", "Maria Zakharova", "Maria Zakharova"),
                Span(35, 44, "PERSON", "Zakharova", "Maria Zakharova"),
            ],
        )
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel_on(app, pilot, "Maria Zakharova")
        await pilot.press("S")
        screen = await settle(app, pilot)
        assert rules_of(store) == [("split", "Zakharova", "Maria Zakharova", "")]
        assert screen.status_bar.status.note == "Not Maria Zakharova: Zakharova"
        assert {"Maria Zakharova", "Zakharova"} <= set(panel_names(screen))
        await pilot.press("u")
        screen = await settle(app, pilot)
        assert rules_of(store) == []
        assert "Zakharova" not in panel_names(screen)
        assert screen.current is not None
        assert {s.canonical for s in screen.current.spans} == {"Maria Zakharova"}
