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
    # 4: names grouped across the archive, and corrections that can be undone.
    """
    -- What grouping within the article found for each mention (its name and type before the
    -- archive pass and the user's corrections), so both can be redone or undone from the stored
    -- rows without recognising the text again.
    ALTER TABLE mentions ADD COLUMN found TEXT NOT NULL DEFAULT '';
    ALTER TABLE mentions ADD COLUMN found_label TEXT NOT NULL DEFAULT '';
    -- Mentions grouped under a name they are not written as ("Blair" under "Tony Blair"): what
    -- an undone grouping or merge looks for. The others are found through mentions_canonical.
    CREATE INDEX mentions_found ON mentions (found COLLATE NOCASE)
        WHERE found <> canonical COLLATE NOCASE;

    -- Mentions of names the user hid, kept so that showing the name again needs no recogniser.
    CREATE TABLE hidden_mentions (
        article_id  TEXT NOT NULL,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        label       TEXT NOT NULL,
        text        TEXT NOT NULL,
        canonical   TEXT NOT NULL,
        found       TEXT NOT NULL DEFAULT '',
        found_label TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX hidden_mentions_canonical ON hidden_mentions (canonical COLLATE NOCASE);
    CREATE INDEX hidden_mentions_text ON hidden_mentions (text COLLATE NOCASE);

    -- The user's corrections gain 'split': a name is not grouped automatically under another
    -- ("Blair" is not "Tony Blair"). The table is rebuilt to widen its check.
    CREATE TABLE entity_rules_widened (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('alias', 'hide', 'label', 'split')),
        name        TEXT NOT NULL,
        target      TEXT NOT NULL DEFAULT '',
        label       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );
    INSERT INTO entity_rules_widened (id, kind, name, target, label, created_at)
        SELECT id, kind, name, target, label, created_at FROM entity_rules;
    DROP TABLE entity_rules;
    ALTER TABLE entity_rules_widened RENAME TO entity_rules;

    -- ---- derived from mentions by the archive pass (reader.entities.archive) ---------------
    -- Full names of people (two words or more) each article writes out, by the casefolded
    -- last word: what a surname alone elsewhere is matched against.
    CREATE TABLE entity_surnames (
        surname     TEXT NOT NULL,
        canonical   TEXT NOT NULL,
        article_id  TEXT NOT NULL,
        source      TEXT NOT NULL DEFAULT '',
        topics      TEXT NOT NULL DEFAULT '',  -- the article's topics, one a line
        date        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (surname, article_id, canonical)
    ) WITHOUT ROWID;
    CREATE INDEX entity_surnames_article ON entity_surnames (article_id);

    -- What the archive pass decided for a name of one article: the full name a surname alone
    -- stands for, or the type the archive gives a name; with the articles that decided it.
    CREATE TABLE entity_archive_groups (
        article_id  TEXT NOT NULL,
        name        TEXT NOT NULL,
        canonical   TEXT NOT NULL,
        label       TEXT NOT NULL,
        evidence    INTEGER NOT NULL DEFAULT 0,  -- articles for the chosen name or type
        others      INTEGER NOT NULL DEFAULT 0,  -- articles for every other one
        PRIMARY KEY (article_id, name)
    ) WITHOUT ROWID;

    -- The full name a surname alone means across the whole archive, where one dominates:
    -- what person:Blair resolves to.
    CREATE TABLE entity_resolutions (
        name        TEXT PRIMARY KEY,
        canonical   TEXT NOT NULL,
        evidence    INTEGER NOT NULL DEFAULT 0,
        others      INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    -- Articles whose names the archive pass has not seen since they were found.
    CREATE TABLE entity_archive_pending (article_id TEXT PRIMARY KEY) WITHOUT ROWID;

    CREATE TRIGGER entity_archive_gone AFTER DELETE ON articles BEGIN
        DELETE FROM entity_surnames WHERE article_id = old.id;
        DELETE FROM entity_archive_groups WHERE article_id = old.id;
        DELETE FROM entity_archive_pending WHERE article_id = old.id;
        DELETE FROM hidden_mentions WHERE article_id = old.id;
    END;

    -- Every article is read for names once more, so that each mention keeps what grouping
    -- found and the archive pass sees them all.
    UPDATE articles SET entities_version = 0 WHERE entities_version <> 0;
    """,
    # 5: articles_listing (date DESC, rowid DESC, id) serves everything articles_date (date DESC,
    # rowid DESC) did; one index less to write per article and to keep on disk.
    """
    DROP INDEX IF EXISTS articles_date;
    """,
    # 6: the reading loop: opening an article is recorded apart from deliberate changes, so
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
