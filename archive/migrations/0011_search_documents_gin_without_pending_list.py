"""The PostgreSQL search backend's words index without a pending list (`fastupdate = off` on the terms' GIN).

With a pending list, a GIN scan for a query holding a NOT (`a & b & !c`, what «a b -c» becomes) wrongly returns a
row holding c while the list is being moved into the index's tree (by autovacuum, autoanalyze, a large insert or
gin_clean_pending_list): the scan reads the pending list first, then a tree in which the row's entries are only
partly inserted, finds a and b there but not yet c, and nothing rechecks it. Measured on PostgreSQL 15.18: ~4 wrong
answers a second under a cleaning writer; none in 250,000 scans without a pending list
(tests/test_search_pg_gin.py). Each write then updates the tree at once (documents are written with their articles,
docs/PERFORMANCE.md has the cost). The other GIN indexes keep theirs: they are only ever searched for what a row
holds (the titles' for any of a query's words, the entity arrays' for `&&`), never for what it lacks, and a row
partly inserted in the tree cannot be missed there: the list was read before it.
Nothing on SQLite."""

from django.db import migrations

# Turning fastupdate off keeps new entries out of the list; what is already there is moved into the tree now.
POSTGRES_SQL = [
    "ALTER INDEX archive_searchdocument_terms_gin SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('archive_searchdocument_terms_gin'::regclass)",
]
POSTGRES_REVERSE_SQL = ["ALTER INDEX archive_searchdocument_terms_gin RESET (fastupdate)"]


def _run(statements):  # as 0009's: a migration never imports another
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_search_documents_title_index"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_SQL), _run(POSTGRES_REVERSE_SQL))]
