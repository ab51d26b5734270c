"""The database schema as a list of forward migrations.

``PRAGMA user_version`` records how many migrations have run. A migration is never edited once
released; changes go in a new entry at the end.

User data (tags, read/star state, the journal, entity curation) is keyed by article id and has no
foreign key to ``articles``: deleting or rebuilding the index never cascades into it.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the index, the reader's state, entities and the journal.
    """
    -- ---- index: files and articles ------------------------------------------------------
    CREATE TABLE files (
        id          INTEGER PRIMARY KEY,
        path        TEXT NOT NULL UNIQUE,
        size        INTEGER NOT NULL DEFAULT 0,
        mtime_ns    INTEGER NOT NULL DEFAULT 0,
        hash        TEXT NOT NULL DEFAULT '',
        format      TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL CHECK (status IN ('ok', 'problem', 'missing')),
        problem     TEXT NOT NULL DEFAULT '',
        detail      TEXT NOT NULL DEFAULT '',
        articles    INTEGER NOT NULL DEFAULT 0,
        indexed_at  TEXT NOT NULL
    );

    CREATE TABLE articles (
        rowid       INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        byline      TEXT NOT NULL DEFAULT '',
        date        TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        url         TEXT NOT NULL DEFAULT '',
        language    TEXT NOT NULL DEFAULT '',
        caption     TEXT NOT NULL DEFAULT '',
        body        TEXT NOT NULL DEFAULT '',
        blocks      TEXT NOT NULL DEFAULT '[]',
        related     TEXT NOT NULL DEFAULT '[]',
        topics      TEXT NOT NULL DEFAULT '[]',
        words       INTEGER NOT NULL DEFAULT 0,
        added_at    TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        -- 0 = entities not computed yet for this body; bumped by the recogniser.
        entities_version INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_date ON articles (date DESC, rowid DESC);
    CREATE INDEX articles_source ON articles (source);
    -- Lists and counts of 100,000 articles read only this index (date order, id for state and
    -- tag lookups), never the wide article rows.
    CREATE INDEX articles_listing ON articles (date DESC, rowid DESC, id);
    -- The same for sort:title.
    CREATE INDEX articles_title ON articles (title COLLATE NOCASE, rowid, id);
    CREATE INDEX articles_pending_entities ON articles (entities_version);

    -- Where each article was found: one story stored twice has two locations.
    CREATE TABLE locations (
        article_id  TEXT NOT NULL,
        file_id     INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (file_id, position)
    );
    CREATE INDEX locations_article ON locations (article_id);

    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body, content = 'articles', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END;

    -- Per-source line statistics used to learn site chrome from the archive itself.
    CREATE TABLE chrome_lines (
        source      TEXT NOT NULL,
        line_hash   TEXT NOT NULL,
        files       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, line_hash)
    ) WITHOUT ROWID;

    -- ---- the reader's own state (never derived from files) ---------------------------
    CREATE TABLE state (
        article_id  TEXT PRIMARY KEY,
        read        INTEGER NOT NULL DEFAULT 0,
        starred     INTEGER NOT NULL DEFAULT 0,
        read_at     TEXT NOT NULL DEFAULT '',
        starred_at  TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;

    CREATE TABLE tags (
        article_id  TEXT NOT NULL,
        tag         TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('manual', 'rule', 'source', 'suggestion')),
        created_at  TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX tags_tag ON tags (tag, article_id);

    -- Tags the user removed on purpose: rules and re-imports must not bring them back.
    CREATE TABLE tag_tombstones (
        article_id  TEXT NOT NULL,
        tag         TEXT NOT NULL,
        removed_at  TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;

    -- Bumped by every change to a non-source tag, from any connection: learned tag suggestions
    -- compare it with the value they learned at to know when to relearn.
    CREATE TABLE label_generation (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        generation  INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO label_generation (id, generation) VALUES (1, 0);
    CREATE TRIGGER tags_label_insert AFTER INSERT ON tags WHEN new.origin != 'source' BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER tags_label_delete AFTER DELETE ON tags WHEN old.origin != 'source' BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER tags_label_update AFTER UPDATE ON tags BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;

    -- Undo/redo journal: one row per changed fact; a batch is one user action.
    CREATE TABLE journal (
        id          INTEGER PRIMARY KEY,
        batch       INTEGER NOT NULL,
        at          TEXT NOT NULL,
        kind        TEXT NOT NULL,          -- 'tag' | 'read' | 'starred'
        article_id  TEXT NOT NULL,
        name        TEXT NOT NULL DEFAULT '', -- the tag for kind 'tag'
        before      TEXT,                   -- JSON of the previous value (NULL = absent)
        after       TEXT,                   -- JSON of the new value (NULL = absent)
        undone      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX journal_batch ON journal (batch);
    -- Finds the newest batch to undo and the redo branch without reading the whole history.
    CREATE INDEX journal_undone ON journal (undone, batch);

    -- ---- entities --------------------------------------------------------------------
    -- Mentions as found in an article's body (offsets into articles.body), already grouped
    -- under a canonical name with user curation applied.
    CREATE TABLE mentions (
        article_id  TEXT NOT NULL,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        label       TEXT NOT NULL,
        text        TEXT NOT NULL,
        canonical   TEXT NOT NULL,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_canonical ON mentions (canonical COLLATE NOCASE, label);

    -- The user's curation: aliases merged, false entities hidden, types corrected.
    CREATE TABLE entity_rules (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('alias', 'hide', 'label')),
        name        TEXT NOT NULL,
        target      TEXT NOT NULL DEFAULT '',
        label       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );
    """,
    # 2: entity filters also match a mention's own text ("Zelensky" under "Volodymyr Zelensky").
    # Only mentions written differently from their canonical name need this index; the others
    # are found through mentions_canonical.
    """
    CREATE INDEX mentions_text ON mentions (text COLLATE NOCASE, label)
        WHERE text <> canonical COLLATE NOCASE;
    """,
    # 3: tag suggestions: what each article's text counts (so learning need not read every body
    # again), suggestions the user dismissed, and tags the user calls workflow or topic.
    """
    -- Feature counts of an article (words, site topics, names) for learned tag suggestions,
    -- computed once: ``stamp`` is the article's updated_at when counted; keys are CRC-32 of
    -- the features (uint32), counts uint16, both little-endian. A new text or a change to its
    -- names drops them (the triggers).
    CREATE TABLE suggestion_features (
        article_id  TEXT PRIMARY KEY,
        stamp       TEXT NOT NULL,
        keys        BLOB NOT NULL,
        counts      BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER suggestion_features_text AFTER UPDATE OF title, body, topics ON articles
    BEGIN
        DELETE FROM suggestion_features WHERE article_id = old.id;
    END;
    CREATE TRIGGER suggestion_features_gone AFTER DELETE ON articles BEGIN
        DELETE FROM suggestion_features WHERE article_id = old.id;
    END;
    -- The names an article mentions are features too: found, merged or hidden, they count
    -- again.
    CREATE TRIGGER suggestion_features_name_added AFTER INSERT ON mentions BEGIN
        DELETE FROM suggestion_features WHERE article_id = new.article_id;
    END;
    CREATE TRIGGER suggestion_features_name_changed AFTER UPDATE ON mentions BEGIN
        DELETE FROM suggestion_features WHERE article_id = old.article_id;
    END;
    CREATE TRIGGER suggestion_features_name_removed AFTER DELETE ON mentions BEGIN
        DELETE FROM suggestion_features WHERE article_id = old.article_id;
    END;

    -- A suggested tag the user dismissed for an article: never suggested there again, and a
    -- negative example for the tag.
    CREATE TABLE suggestion_rejections (
        article_id  TEXT NOT NULL,
        tag         TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX suggestion_rejections_tag ON suggestion_rejections (tag);

    -- The user's word on what a tag is: 'workflow' (follow-up, todo: never learned or
    -- suggested) or 'topic' (learned even if the config lists it as workflow).
    CREATE TABLE tag_kinds (
        tag         TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('workflow', 'topic')),
        marked_at   TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Both change what suggestions learn from, like a tag change.
    CREATE TRIGGER suggestion_rejections_insert AFTER INSERT ON suggestion_rejections BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER suggestion_rejections_delete AFTER DELETE ON suggestion_rejections BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER tag_kinds_insert AFTER INSERT ON tag_kinds BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER tag_kinds_update AFTER UPDATE ON tag_kinds BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    CREATE TRIGGER tag_kinds_delete AFTER DELETE ON tag_kinds BEGIN
        UPDATE label_generation SET generation = generation + 1 WHERE id = 1;
    END;
    """,
    # 4: the reading loop: opening an article is recorded apart from deliberate changes, so
    # undo takes back what the reader did on purpose first; views the reader saves live here,
    # never in config.toml; sorting by source is served by an index.
    """
    -- 1: the batch records a side effect of reading (opening an article marks it read);
    -- undo takes these only once no deliberate change is left.
    ALTER TABLE journal ADD COLUMN incidental INTEGER NOT NULL DEFAULT 0;
    -- 'undone' is now the order in which batches were undone (0: not undone), so redo takes
    -- back the last one undone even when undo skipped incidental batches.
    CREATE INDEX journal_steps ON journal (incidental, undone, batch);
    -- One row per batch, so the history can be cut to its newest batches without reading the
    -- rows of a big one (catching up on 100,000 articles is one batch of 100,000 rows).
    CREATE TABLE journal_batches (
        batch       INTEGER PRIMARY KEY,
        incidental  INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO journal_batches (batch) SELECT DISTINCT batch FROM journal;
    CREATE INDEX journal_batches_kind ON journal_batches (incidental, batch);

    -- Saved views: a name, a query and the order the list is sorted in ('' = the query's own).
    CREATE TABLE views (
        name        TEXT PRIMARY KEY,
        query       TEXT NOT NULL,
        sort        TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL,
        saved_at    TEXT NOT NULL
    ) WITHOUT ROWID;

    -- sort:source and sort:-source read this index instead of sorting every article.
    CREATE INDEX articles_by_source ON articles (source COLLATE NOCASE, date DESC, rowid DESC, id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
