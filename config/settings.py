"""Qujat settings: one module, configured from the environment.

With no environment set this is a *production* configuration (DEBUG off, secure cookies, HTTPS redirects) that
refuses to start without SECRET_KEY. `make run` sets DEBUG=1 for local serving; tests use tests/settings.py.

Environment:
    DEBUG               "1"/"true" to enable debug mode (default off)
    SECRET_KEY          required unless DEBUG is on
    ALLOWED_HOSTS       comma-separated (default: localhost,127.0.0.1 with DEBUG, else empty)
    DATABASE_URL        e.g. postgres://user:pass@host:5432/qujat (default: SQLite in DATA_DIR)
    DATA_DIR            where the SQLite file and the search index live (default: ./var)
    SEARCH_INDEX_DIR    the Whoosh index directory (default: DATA_DIR/index)
    SEARCH_BACKEND      "whoosh" (default: an index directory on this machine) or "postgres" (the database's own
                        full text search: stateless web hosts; needs a PostgreSQL DATABASE_URL; README, Search backends)
    SECURE_SSL_REDIRECT "0" when TLS is terminated elsewhere and requests arrive over plain HTTP
    CSRF_TRUSTED_ORIGINS comma-separated origins, e.g. https://qujat.example
    DATABASE_REPLICA_URLS comma-separated PostgreSQL streaming replicas of DATABASE_URL, for reads (archive/replicas.py)
    REPLICA_MAX_LAG_SECONDS a replica further behind the primary is skipped (default 5)
    REPLICA_CHECK_SECONDS how often each process checks its replicas (default 5)
    REPLICA_PIN_SECONDS how long a client that wrote reads from the primary (default 30)
    REPLICA_CONNECT_TIMEOUT seconds before a replica that does not answer is given up (default 2)
    CONN_MAX_AGE        seconds a database connection is kept (default 60)
    SECURE_HSTS_SECONDS Strict-Transport-Security max-age (default one year, 0 with DEBUG)
    REDIS_URL           e.g. redis://redis:6379/0: the shared cache (rate-limit counters) lives there; without it,
                        in the database table `qujat_cache` (created by a migration)
    RATE_LIMITS_ENABLED "0" turns the per-client limits off (load tests); default on
    RATE_LIMIT_SEARCH   search pages and their JSON per client, e.g. "120/m" (default); N/s, N/m, N/h or N/d
    RATE_LIMIT_EXPORT   CSV, JSONL and citation exports of a search, collection exports (default "20/m")
    RATE_LIMIT_FEED     Atom feeds of a search or a saved search (default "60/m")
    TRUSTED_PROXY_HOPS  how many proxies of yours append to X-Forwarded-For (default 0: the client is REMOTE_ADDR)
    LOGIN_FAILURE_LIMIT failed sign-ins before a username is locked out from one client (default 5)
    LOGIN_COOLOFF_MINUTES how long such a lockout lasts (default 15)
    SEARCH_PAGE_CACHE_ENTRIES rendered search pages kept per process (default 500)
    WORKER_RSS_MB       a gunicorn worker over this RSS (checked after each request and every 32 MB of index
                        read within one) unmaps the index pages it read (they stay in the OS page cache;
                        archive/search/memory.py; default 400, 0: whenever it read any)
    LOG_LEVEL           root log level (default INFO with DEBUG, else WARNING)
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Keys that have been written down somewhere (this repository, its docs, its examples): never a secret.
KNOWN_INSECURE_SECRET_KEYS = {
    "django-insecure-local-development-only", "tests-only-not-a-secret", "collectstatic-only", "changeme",
    "change-me", "secret", "please-change-me",
}


def weak_secret_key_reason(key: str) -> str | None:
    """Why a key is unfit for production, or None. The first three are Django's own security.W009 test, which
    only warns; a production server must not start with such a key (sessions and password resets forgeable)."""
    if len(key) < 50:
        return f"it has {len(key)} characters; use at least 50"
    if len(set(key)) < 5:
        return f"it has only {len(set(key))} distinct characters; use at least 5"
    if key.startswith("django-insecure-") or key.lower() in KNOWN_INSECURE_SECRET_KEYS:
        return "it is a published, well-known value"
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README, Configuration).")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - used only with DEBUG on
elif not DEBUG and (weak := weak_secret_key_reason(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {weak}. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", DATA_DIR / "index"))
SEEDS_DIR = BASE_DIR / "seeds"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "csp",
    "axes",  # login throttling: failed attempts per username and client, in the database
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the interface language; sets Content-Language and Vary
    "archive.request_guard.RefuseNulBytes",  # a NUL in the address: 400 before any database lookup
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each admin change
    "archive.failure.DatabaseUnavailableMiddleware",  # a database outage answers 503, not 500
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the lockout page
    # Where this request reads (a replica, or the primary after a write). Last, so that its process_exception runs
    # first: a replica failing midway is answered again from the primary before an outage is declared.
    "archive.replicas.ReplicaMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'qujat.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Which engine answers searches (archive/search/backend.py); the PostgreSQL one keeps its documents in the database.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "").strip().lower() or "whoosh"
if SEARCH_BACKEND not in ("whoosh", "postgres"):
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {SEARCH_BACKEND!r}.")
if SEARCH_BACKEND == "postgres" and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL database: set DATABASE_URL=postgres://...")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)  # first run on a fresh clone
    # SQLite: wait for a busy writer instead of failing at once, and let readers work while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Read replicas (PostgreSQL streaming replicas of the primary): public reads go to a healthy one, writes, the
# admin and a writer's next requests to the primary (archive/replicas.py). Each URL names the same database.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    if _replica["ENGINE"] != "django.db.backends.postgresql" or DATABASES["default"]["ENGINE"] != _replica["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL replicas of a PostgreSQL DATABASE_URL.")
    _replica["OPTIONS"] = {"connect_timeout": int(os.environ.get("REPLICA_CONNECT_TIMEOUT", "2"))}
    _replica["TEST"] = {"MIRROR": "default"}  # the test database has no replica: tests that need one start it
    DATABASES[f"replica_{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica_{_number}")
DATABASE_ROUTERS = ["archive.replicas.ReplicaRouter"] if DATABASE_REPLICAS else []
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "5"))
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))  # read-your-writes after a write
PRIMARY_ONLY_PATHS = ("/admin/", "/accounts/", "/saved/", "/collections/", "/healthz")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "shared": what every worker must see alike (the rate-limit counters): Redis when REDIS_URL is set, else a
# database table (created by migration 0007; `createcachetable` recreates it). Rendered search pages, keyed by the
# index's state (archive/search_pages.py), stay per process and bounded.
REDIS_URL = os.environ.get("REDIS_URL", "")
SHARED_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "qujat"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "qujat_cache",
        # Culling drops a third of the rows once over the limit: keep it far above one row per client and minute.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "qujat-default"},
    "shared": SHARED_CACHE,
    "search_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qujat-search-pages",
        "TIMEOUT": None,  # invalidated by the index version in the key, not by age
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("SEARCH_PAGE_CACHE_ENTRIES", "500"))},
    },
}

WORKER_RSS_MB = int(os.environ.get("WORKER_RSS_MB", "400"))

# Per-client limits (archive/ratelimit.py): "N/s", "N/m", "N/h" or "N/d", counted in the shared cache.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMITS = {
    "search": os.environ.get("RATE_LIMIT_SEARCH", "120/m"),
    "export": os.environ.get("RATE_LIMIT_EXPORT", "20/m"),
    "feed": os.environ.get("RATE_LIMIT_FEED", "60/m"),
}
for _bucket, _rate in RATE_LIMITS.items():  # a typo stops the start, not every search with a 500
    if not re.fullmatch(r"[1-9][0-9]*/[smhd]", _rate.strip()):
        raise ImproperlyConfigured(f"RATE_LIMIT_{_bucket.upper()}={_rate!r}: expected N/s, N/m, N/h or N/d, e.g. 120/m")
# The client is REMOTE_ADDR unless requests come through proxies of ours: then X-Forwarded-For's entry added by the
# outermost of them (the N-th from the right). Entries further left are whatever the client chose to send.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

# Sign-in throttling (django-axes), on the admin's login and the researchers' /accounts/login/ alike. A username is
# locked out *from one client* after LOGIN_FAILURE_LIMIT failures: guessing one account's password from one place
# stops, while the account's owner, signing in from elsewhere, and other users behind the same address, are not
# locked out by someone else's guesses. Unlock: the admin's «Access attempts», or `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username and client before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful sign-in forgets earlier failures
AXES_CLIENT_IP_CALLABLE = "archive.clients.client_ip"  # the same client as the rate limits
AXES_LOCKOUT_CALLABLE = "archive.lockout.lockout_response"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp 4): no inline script or style anywhere, so injected markup cannot run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # the admin's icons are data: URIs in its stylesheets
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy (archive/headers.py): no page needs a device or a sensor.
PERMISSIONS_POLICY = {
    feature: [] for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
                                "payment", "usb")
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages (articles carry their own): chosen by the visitor's switch (a cookie), else by the
# browser's Accept-Language, else Kazakh. Catalogues in locale/, compiled by `make install`.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # Kazakh number formats, which Django does not ship
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"  # a researcher's account (not staff) signs in here; staff use the admin's own
LOGIN_REDIRECT_URL = "archive:saved_searches"
LOGOUT_REDIRECT_URL = "archive:home"

# Security: on unless DEBUG. Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the container health check speaks plain HTTP
SESSION_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if DEBUG else "WARNING")},
}
