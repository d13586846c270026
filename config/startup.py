"""What a serving process checks before it takes a request (config/wsgi.py), so that a broken deployment stops
at start-up with one clear message instead of answering every page with a 500."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

# A file every page links: if the manifest does not list it, the collected files are missing or stale.
PAGE_STYLESHEET = "archive/site.css"


def require_collected_static() -> None:
    """With a manifest storage (production: whitenoise), `{% static %}` raises for any file the manifest lacks, so a
    server started before `collectstatic` fails every HTML page. Refuse to start instead. With DEBUG (plain storage)
    there is nothing to check. `manage.py check --deploy` does not run this: it may run before collectstatic."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return
    try:
        paths, _ = storage.load_manifest()
    except ValueError:  # unreadable: as good as missing
        paths = {}
    if PAGE_STYLESHEET not in paths:
        raise ImproperlyConfigured(
            f"Static files are not collected: {settings.STATIC_ROOT / storage.manifest_name} is missing, unreadable "
            f"or does not list {PAGE_STYLESHEET}. Run `python manage.py collectstatic --noinput` (with the same "
            "DATA_DIR) before starting the server."
        )
