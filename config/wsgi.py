"""WSGI entry point for gunicorn: `gunicorn config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.startup import require_collected_static  # noqa: E402 - needs the settings configured above

require_collected_static()  # a worker without collected static files refuses to boot, saying why
