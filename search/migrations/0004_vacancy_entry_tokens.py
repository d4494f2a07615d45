"""The analysed text moves into the entry row, and the skills become a text[] on PostgreSQL.

One row per open vacancy then holds everything a search reads, so PostgreSQL answers words,
filters and facets from one index-driven scan without joining a second table (at 100k entries
the join and the JSON skill lists were most of a broad search's time). The text already stored
is carried over, so no rebuild is needed after this migration.

- PostgreSQL: ``tokens`` is a ``tsvector`` (the tokens verbatim) under a GIN index; the old
  expression index on ``search_vacancy_text`` goes with that table.
- SQLite: ``tokens`` is the text; the FTS5 table now reads it from ``search_vacancy_entry``
  (external content), kept in step by triggers on that table. A later migration that makes
  Django rebuild ``search_vacancy_entry`` on SQLite (most column changes do) drops these
  triggers with the old table: it must run ``create_full_text`` again afterwards.
"""

from django.db import migrations

import search.models

POSTGRESQL = [
    (
        "CREATE INDEX search_entry_tokens ON search_vacancy_entry USING gin (tokens)",
        "DROP INDEX IF EXISTS search_entry_tokens",
    ),
]
SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_vacancy_fts USING fts5(tokens, "
        "content='search_vacancy_entry', content_rowid='vacancy_id', "
        "tokenize=\"unicode61 tokenchars '_'\", detail=none)",
        "DROP TABLE IF EXISTS search_vacancy_fts",
    ),
    (
        "CREATE TRIGGER search_vacancy_fts_insert AFTER INSERT ON search_vacancy_entry BEGIN "
        "INSERT INTO search_vacancy_fts(rowid, tokens) VALUES (new.vacancy_id, new.tokens); END",
        "DROP TRIGGER IF EXISTS search_vacancy_fts_insert",
    ),
    (
        "CREATE TRIGGER search_vacancy_fts_delete AFTER DELETE ON search_vacancy_entry BEGIN "
        "INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, tokens) "
        "VALUES ('delete', old.vacancy_id, old.tokens); END",
        "DROP TRIGGER IF EXISTS search_vacancy_fts_delete",
    ),
    (
        "CREATE TRIGGER search_vacancy_fts_update AFTER UPDATE OF tokens ON search_vacancy_entry "
        "BEGIN INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, tokens) "
        "VALUES ('delete', old.vacancy_id, old.tokens); "
        "INSERT INTO search_vacancy_fts(rowid, tokens) VALUES (new.vacancy_id, new.tokens); END",
        "DROP TRIGGER IF EXISTS search_vacancy_fts_update",
    ),
    (
        "INSERT INTO search_vacancy_fts(search_vacancy_fts) VALUES ('rebuild')",
        "SELECT 1",
    ),
]


def copy_text_and_skills(apps, schema_editor) -> None:
    """The stored text and skills into the entry's new columns (the old FTS5 table first goes)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Checked now, not at commit: the table is altered later in this transaction, which
        # PostgreSQL refuses while deferred foreign-key checks of its rows are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "UPDATE search_vacancy_entry AS e "
            "SET tokens = array_to_tsvector(string_to_array(t.text, ' ')) "
            "FROM search_vacancy_text AS t WHERE t.vacancy_id = e.vacancy_id AND t.text <> ''"
        )
        schema_editor.execute(
            "UPDATE search_vacancy_entry "
            "SET skill_list = ARRAY(SELECT jsonb_array_elements_text(skill_slugs))"
        )
    elif vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_vacancy_fts_{name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_vacancy_fts")
        schema_editor.execute(
            "UPDATE search_vacancy_entry SET skill_list = skill_slugs, tokens = COALESCE("
            "(SELECT t.text FROM search_vacancy_text AS t "
            "WHERE t.vacancy_id = search_vacancy_entry.vacancy_id), '')"
        )


# 0003's full-text structure on search_vacancy_text, made again when going back (its own
# migration made it with RunPython, which the reversed DeleteModel above does not repeat).
OLD_FULL_TEXT = {
    "postgresql": [
        "CREATE INDEX search_text_tokens ON search_vacancy_text "
        "USING gin (array_to_tsvector(string_to_array(text, ' ')))",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE search_vacancy_fts USING fts5(text, content='search_vacancy_text', "
        "content_rowid='vacancy_id', tokenize=\"unicode61 tokenchars '_'\", detail=none)",
        "CREATE TRIGGER search_vacancy_fts_insert AFTER INSERT ON search_vacancy_text BEGIN "
        "INSERT INTO search_vacancy_fts(rowid, text) VALUES (new.vacancy_id, new.text); END",
        "CREATE TRIGGER search_vacancy_fts_delete AFTER DELETE ON search_vacancy_text BEGIN "
        "INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, text) "
        "VALUES ('delete', old.vacancy_id, old.text); END",
        "CREATE TRIGGER search_vacancy_fts_update AFTER UPDATE OF text ON search_vacancy_text "
        "BEGIN INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, text) "
        "VALUES ('delete', old.vacancy_id, old.text); "
        "INSERT INTO search_vacancy_fts(rowid, text) VALUES (new.vacancy_id, new.text); END",
        "INSERT INTO search_vacancy_fts(search_vacancy_fts) VALUES ('rebuild')",
    ],
}


def copy_text_and_skills_back(apps, schema_editor) -> None:
    """Going back: the tokens and skills into 0003's text table and JSON column, and 0003's
    full-text structure made again. On PostgreSQL the tsvector kept each token once, in sorted
    order, so the text comes back as that: searches find the same rows, but run
    ``search_rebuild`` after going back for 0003's exact ranking."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # As forward: the entry table is altered later in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "INSERT INTO search_vacancy_text (vacancy_id, text) "
            "SELECT vacancy_id, array_to_string(tsvector_to_array(tokens), ' ') "
            "FROM search_vacancy_entry WHERE tokens <> ''::tsvector"
        )
        schema_editor.execute("UPDATE search_vacancy_entry SET skill_slugs = to_jsonb(skill_list)")
    elif vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO search_vacancy_text (vacancy_id, text) "
            "SELECT vacancy_id, tokens FROM search_vacancy_entry WHERE tokens <> ''"
        )
        schema_editor.execute("UPDATE search_vacancy_entry SET skill_slugs = skill_list")
    for statement in OLD_FULL_TEXT.get(vendor, []):
        schema_editor.execute(statement)


def _statements(vendor: str) -> list[tuple[str, str]]:
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])


def create_full_text(apps, schema_editor) -> None:
    for forward, _backward in _statements(schema_editor.connection.vendor):
        schema_editor.execute(forward)


def drop_full_text(apps, schema_editor) -> None:
    for _forward, backward in reversed(_statements(schema_editor.connection.vendor)):
        schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_vacancy_entry_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancyentry",
            name="tokens",
            field=search.models.TokensField(default=""),
        ),
        migrations.AddField(
            model_name="vacancyentry",
            name="skill_list",
            field=search.models.SlugListField(default=list),
        ),
        migrations.RunPython(copy_text_and_skills, copy_text_and_skills_back),
        migrations.RemoveField(model_name="vacancyentry", name="skill_slugs"),
        migrations.RenameField(
            model_name="vacancyentry", old_name="skill_list", new_name="skill_slugs"
        ),
        migrations.DeleteModel(name="VacancyText"),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
