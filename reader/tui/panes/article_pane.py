"""The article pane: the article shown, the tags suggested for it, and its address.

The article comes down from the screen (``article``, bound to its current one) and goes on to
the article view. An article no rule or person has labelled yet gets suggestions, found in a
worker from one long-lived store (the learned model is kept between articles) and shown in the
article's header when they arrive, if it is still the one shown.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Mapping
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var

from reader.store import StoredArticle
from reader.topics import LABEL_ORIGINS
from reader.tui.jobs import Suggester, suggest_job
from reader.tui.messages import Notice, SuggestionsReady
from reader.tui.widgets.article_view import ArticleView
from reader.tui.work import run_job


def placeholder(*, listed: int, indexing: bool, filtered: bool, clear_key: str) -> str:
    """What the pane says when no article is shown."""
    if listed:
        return ""
    if indexing:
        return "  Indexing…"
    if filtered:
        return f"  No articles match this filter. {clear_key} clears it."
    return "  No articles yet: run `reader PATH` with a folder of articles."


def open_in_browser(url: str) -> Notice | None:
    return None if webbrowser.open(url) else Notice("No web browser found.")


class ArticlePane(Vertical):
    article: var[StoredArticle | None] = var(None, always_update=True, init=False)

    def __init__(
        self,
        database: Path,
        *,
        tag_colors: Mapping[str, str],
        accept_key: str,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.suggester = Suggester(database)
        self.view = ArticleView(tag_colors=tag_colors, accept_key=accept_key, id="article")

    def compose(self) -> ComposeResult:
        yield self.view.data_bind(ArticlePane.article)

    def watch_article(self, article: StoredArticle | None) -> None:
        if article is not None and not any(t.origin in LABEL_ORIGINS for t in article.tags):
            job = suggest_job(self.suggester, article.id)
            run_job(self, job, group="suggest", exclusive=True)

    def on_suggestions_ready(self, event: SuggestionsReady) -> None:
        event.stop()
        self.view.show_suggestions(event.article_id, event.tags)
        self.refresh_bindings()  # accepting one is possible now

    def on_unmount(self) -> None:
        self.suggester.close()

    @property
    def url(self) -> str:
        return self.article.article.url if self.article is not None else ""

    def open_url(self) -> None:
        url = self.url
        if url:  # a browser can take seconds to start: the reader does not wait for it
            run_job(self, lambda _cancelled: open_in_browser(url), group="browser")

    def on_notice(self, event: Notice) -> None:
        event.stop()
        self.notify(event.text, severity="warning")

    def copy_url(self) -> None:
        if self.url:
            self.app.copy_to_clipboard(self.url)
            self.notify("Address copied.", timeout=2)
