"""Shared fixtures: the seed texts, the small test texts, an imported archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
TEXTS_DIR = Path(__file__).resolve().parent / "fixtures" / "texts"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture
def texts_dir() -> Path:
    return TEXTS_DIR


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "003")."""
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture
def imported_seeds(db):
    """The five seeds imported into the test database."""
    call_command("import_articles", str(SEEDS_DIR), "--no-progress", stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own empty search index directory (the database is fresh per test too)."""
    from django.core.cache import caches

    from archive.search.storage import searchers
    from archive.search_pages import CACHE_ALIAS

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    searchers.reset()
    caches[CACHE_ALIAS].clear()
    yield settings.SEARCH_INDEX_DIR
    searchers.reset()


def seed_prefixes(article_ids) -> set[str]:
    """"000", "001", … for the given article ids (seed file names start with their number)."""
    return {origin[:3] for origin in Article.objects.filter(pk__in=list(article_ids)).values_list("origin", flat=True)}
