"""The database table of the "shared" cache (settings.CACHES; rate-limit counters), so that `migrate` is all a new
deployment runs. Created whatever the settings say (with REDIS_URL set it is simply unused), like
`manage.py createcachetable`, which it calls: an existing table is left alone."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "qujat_cache"  # settings.CACHES["shared"]["LOCATION"] without REDIS_URL


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0  # set by handle(), which a migration does not run
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_saved_searches_and_collections")]

    operations = [migrations.RunPython(create_table, drop_table)]
