"""The PostgreSQL search backend's document version: one row, bumped once by every transaction that changes a
search document, when it commits (a deferred constraint trigger: the row is locked only for the commit, so writers
never wait on each other before it, and never deadlock over it). Each process keeps the documents' facet arrays and
reloads them when the version it reads differs (archive/search/pg/arrays.py). `epoch` is random per database: two
databases never share a version. A table outside Django's models: test flushes leave it (the TRUNCATE trigger bumps
it instead)."""

from django.db import migrations

POSTGRES_SQL = [
    "CREATE TABLE archive_searchversion (id integer PRIMARY KEY CHECK (id = 1), epoch text NOT NULL, "
    "version bigint NOT NULL)",
    "INSERT INTO archive_searchversion VALUES (1, md5(random()::text || clock_timestamp()::text), 0)",
    # Once per transaction: a transaction-local setting remembers the bump (undone with a rolled-back savepoint,
    # as the bump itself is), so a rebuild's 100,000 row events cost one UPDATE.
    """
    CREATE FUNCTION archive_searchversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('qujat.search_version_bumped', true) IS DISTINCT FROM txid_current()::text THEN
            UPDATE archive_searchversion SET version = version + 1 WHERE id = 1;
            PERFORM set_config('qujat.search_version_bumped', txid_current()::text, true);
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE CONSTRAINT TRIGGER archive_searchdocument_changed AFTER INSERT OR UPDATE OR DELETE "
    "ON archive_searchdocument DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION archive_searchversion_bump()",
    # What a reader of the same transaction needs to know: the counter cannot say this transaction's own,
    # uncommitted changes (pg_stat_xact_* counts also hold earlier transactions' until they are flushed).
    """
    CREATE FUNCTION archive_searchdocument_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM set_config('qujat.search_changed_in', txid_current()::text, true);
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER archive_searchdocument_marked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    "ON archive_searchdocument FOR EACH STATEMENT EXECUTE FUNCTION archive_searchdocument_mark()",
    "CREATE TRIGGER archive_searchdocument_truncated AFTER TRUNCATE ON archive_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_searchversion_bump()",
]
POSTGRES_REVERSE_SQL = [
    "DROP TRIGGER IF EXISTS archive_searchdocument_marked ON archive_searchdocument",
    "DROP FUNCTION IF EXISTS archive_searchdocument_mark()",
    "DROP TRIGGER IF EXISTS archive_searchdocument_truncated ON archive_searchdocument",
    "DROP TRIGGER IF EXISTS archive_searchdocument_changed ON archive_searchdocument",
    "DROP FUNCTION IF EXISTS archive_searchversion_bump()",
    "DROP TABLE IF EXISTS archive_searchversion",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_postgres_search_documents"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_SQL), _run(POSTGRES_REVERSE_SQL))]
