"""Trigram index on the entries' titles for the title suggestions (PostgreSQL only).

``pg_trgm`` (a trusted extension: the database's owner may create it) lets ``ILIKE '%word%'``
and ``word_similarity`` use a GIN index, for the prefix and the typo-tolerant suggestions of
``DatabaseBackend.title_suggestions``. SQLite has no such index and migrates to nothing here.
"""

from django.db import migrations


def create_trigram_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX search_entry_title_trgm ON search_vacancy_entry "
        "USING gin (upper(title::text) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor) -> None:
    # The extension stays: other schemas of the database may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_title_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_vacancy_entry_tokens"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
