"""The PostgreSQL search backend's title indexes: the first ranking of a search reads ts_rank only for the titles
holding one of its words (a GIN index on title_terms) and knows the empty titles from a small partial index, so it
never visits every matching row (archive/search/pg/fast.py). Nothing on SQLite."""

from django.db import migrations

POSTGRES_SQL = [
    "CREATE INDEX IF NOT EXISTS archive_searchdocument_title_gin ON archive_searchdocument USING gin (title_terms)",
    "CREATE INDEX IF NOT EXISTS archive_searchdocument_untitled ON archive_searchdocument (article_id) "
    "WHERE length(title_terms) = 0",
]
POSTGRES_REVERSE_SQL = [
    "DROP INDEX IF EXISTS archive_searchdocument_untitled",
    "DROP INDEX IF EXISTS archive_searchdocument_title_gin",
]


def _run(statements):  # as 0009's: a migration never imports another
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_search_documents_version"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_SQL), _run(POSTGRES_REVERSE_SQL))]
