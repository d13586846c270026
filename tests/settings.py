"""Test settings: the production module with only what a test run cannot supply itself.

Tests run against the real settings (DEBUG off, secure cookies), so what they pass in production holds.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-a-long-key-that-is-not-secret-0123456789-abcdefghijkl")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
# Per-client rate limits count every request from 127.0.0.1; tests that make hundreds of searches would be
# refused. tests/test_rate_limits.py turns them on (in-process and in its subprocesses).
os.environ.setdefault("RATE_LIMITS_ENABLED", "0")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="qujat-tests-"))

from config.settings import *  # noqa: E402,F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing folder
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Tests read the English interface unless they ask for another language (Accept-Language, the switch);
# tests/test_i18n.py checks that a browser asking for none gets Kazakh, as production does.
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared memory: tests start other processes (a second editor, sync_index, a fresh
    # searcher) that must see what the test committed, as production processes do.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["DATA_DIR"], "test.sqlite3")}  # noqa: F405
