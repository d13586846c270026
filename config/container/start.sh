#!/bin/sh
# The web container's start (docker-compose.yml, Dockerfile): every step is idempotent, so a restart repeats them
# safely. The first start of an empty database imports FIRST_IMPORT_PATH (default: the seeds) and builds the index;
# later starts rebuild the index only when check_index finds it out of step with the database.
set -eu

python manage.py migrate --noinput                 # also creates the shared cache's table (migration 0007)
python manage.py createcachetable                  # the same table, for a database migrated before 0007
python manage.py collectstatic --noinput -v0       # always this image's files: config.wsgi refuses to start without

if python manage.py shell --no-imports -c \
    "import sys; from archive.models import Article; sys.exit(0 if Article.objects.exists() else 1)"; then
    echo "start: the database holds articles; checking the index"
    python manage.py check_index >/dev/null || python manage.py rebuild_index --no-progress
else
    echo "start: empty database; importing ${FIRST_IMPORT_PATH:-seeds/} and building the index"
    python manage.py import_articles --no-progress "${FIRST_IMPORT_PATH:-seeds/}"
    python manage.py rebuild_index --no-progress
fi

exec gunicorn -c config/gunicorn.py config.wsgi
