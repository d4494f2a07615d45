"""The database backend's vocabulary, the entries' pay unit, and every entry analysed again.

Issue 15 changed the analysis: spelling variants become the standard word, known over-stemming
is overridden ("pengemasan" is "kemas"), and each entry also holds its words unstemmed
(``w_<word>``). The stored tokens cannot be rewritten in SQL (the analysis is Python), so every
vacancy with an entry gets its ``search_version`` raised: the periodic sweep (or
``manage.py search_rebuild``, at once) re-analyses them, and searches keep answering from the
old entries until then. ``search_vacancy_word`` holds the words a typo is corrected against
(a trigram index on PostgreSQL); ``pay_unit`` and the district are counted as matches of a
query naming them, hence their indexes.

On SQLite, adding a column remakes ``search_vacancy_entry`` and drops 0004's FTS5 triggers with
the old table: they are made again after it, both ways.
"""

from django.db import migrations, models
from django.db.models import F

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS search_vacancy_fts_insert AFTER INSERT ON search_vacancy_entry "
    "BEGIN INSERT INTO search_vacancy_fts(rowid, tokens) VALUES (new.vacancy_id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_vacancy_fts_delete AFTER DELETE ON search_vacancy_entry "
    "BEGIN INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, tokens) "
    "VALUES ('delete', old.vacancy_id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_vacancy_fts_update AFTER UPDATE OF tokens "
    "ON search_vacancy_entry BEGIN INSERT INTO search_vacancy_fts(search_vacancy_fts, rowid, "
    "tokens) VALUES ('delete', old.vacancy_id, old.tokens); "
    "INSERT INTO search_vacancy_fts(rowid, tokens) VALUES (new.vacancy_id, new.tokens); END",
]


def restore_sqlite_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def create_word_trigram_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX search_word_trgm ON search_vacancy_word USING gin (word gin_trgm_ops)"
        )


def drop_word_trigram_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_word_trgm")


def reanalyse_entries(apps, schema_editor) -> None:
    """Every vacancy with an entry is marked for indexing again (the sweep re-analyses it)."""
    entries = apps.get_model("search", "VacancyEntry").objects.values("vacancy_id")
    apps.get_model("jobs", "Vacancy").objects.filter(pk__in=entries).update(
        search_version=F("search_version") + 1
    )


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0005_vacancy_closed_by_office_note'),
        ('search', '0005_vacancy_entry_title_trigrams'),
    ]

    operations = [
        # Going back: after the column is removed (another remake of the table on SQLite).
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.CreateModel(
            name='VacancyWord',
            fields=[
                ('word', models.CharField(max_length=100, primary_key=True, serialize=False)),
            ],
            options={
                'db_table': 'search_vacancy_word',
            },
        ),
        migrations.AddField(
            model_name='vacancyentry',
            name='pay_unit',
            field=models.CharField(blank=True, default='', max_length=10),
        ),
        migrations.AddIndex(
            model_name='vacancyentry',
            index=models.Index(fields=['district'], name='search_entry_district'),
        ),
        migrations.AddIndex(
            model_name='vacancyentry',
            index=models.Index(fields=['pay_unit'], name='search_entry_pay_unit'),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(create_word_trigram_index, drop_word_trigram_index),
        migrations.RunPython(reanalyse_entries, migrations.RunPython.noop),
    ]
