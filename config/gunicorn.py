"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (command-line flags override these)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 30
accesslog = "-"
# No preload: each worker opens its own index files (Whoosh seeks and reads; shared descriptors would mix offsets).


def post_worker_init(worker):
    """Open the index and decode facet values before the worker takes requests (not inside the first one)."""
    from archive import search

    search.warm_up()


def post_request(worker, req, environ, resp):
    """After each response: keep the worker's mapped index pages within their budget (archive/search/memory.py)."""
    from django.conf import settings

    from archive.search.memory import MB, keep_within

    keep_within(settings.WORKER_MAPPED_PAGES_MB * MB)
