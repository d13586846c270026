"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (command-line flags override these)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 30
accesslog = "-"
# No preload: each worker opens its own index files (Whoosh seeks and reads; shared descriptors would mix offsets).


def post_worker_init(worker):
    """Open the index and decode facet values before the worker takes requests (not inside the first one); keep
    the worker's memory within its target while requests read the index too (archive/search/memory.py)."""
    from django.conf import settings

    from archive import search
    from archive.search.memory import MB, keep_within_while_reading

    search.warm_up()
    keep_within_while_reading(settings.WORKER_RSS_MB * MB)


def post_request(worker, req, environ, resp):
    """After each response: keep the worker's resident memory within its target (archive/search/memory.py)."""
    from django.conf import settings

    from archive.search.memory import MB, keep_within

    keep_within(settings.WORKER_RSS_MB * MB)
