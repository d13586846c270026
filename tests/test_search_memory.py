"""A worker's resident memory handed back between requests (archive.search.memory): the term array files' pages
leave the process's mappings and nothing read from them changes. The live server suite (test_live_server.py) runs
its worker with a target of 0: every request there that read them releases them."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from whoosh import index as whoosh_index

from archive.search import memory
from archive.search.building import FastSegmentWriter
from archive.search.schema import build_schema
from archive.search.term_arrays import EXTENSION, TermArrayFiles, term_arrays
from tests.test_search_build import synthetic_documents


def resident_kb(path) -> int:
    """kB of this process's mappings of `path` that are resident."""
    total, inside = 0, False
    for line in open("/proc/self/smaps"):
        fields = line.split()
        if "-" in fields[0] and ":" not in fields[0]:  # a mapping's first line: address range, ..., path
            inside = len(fields) > 5 and fields[5] == str(path)
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


@pytest.fixture(scope="module")
def segment(tmp_path_factory):
    """A folder with one segment and its term array file (600 documents: several pages of arrays)."""
    folder = tmp_path_factory.mktemp("ix")
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = FastSegmentWriter(ix)
    for document in synthetic_documents(600, seed=5):
        writer.add_document(**document)
    writer.commit(merge=False)
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        segment_id = next(iter(reader.leaf_readers()))[0].segment().segment_id()
    path = folder / f"{segment_id}{EXTENSION}"
    assert path.stat().st_size > 64 * 1024
    return str(folder), segment_id, path


def read_all(stored) -> list:
    return [stored.postings(field, text, 1.0) for field, text in sorted(stored.directory)]


def test_released_pages_leave_the_process_and_read_the_same(segment):
    folder, segment_id, path = segment
    stored = TermArrayFiles().get(folder, segment_id)
    before = read_all(stored)
    assert resident_kb(path) >= 64  # what was read stays mapped ...
    stored.release_pages()
    assert resident_kb(path) == 0  # ... until released
    after = read_all(stored)
    assert resident_kb(path) >= 64
    assert len(after) == len(before) > 100
    for (ids, weights), (ids_again, weights_again) in zip(before, after, strict=True):
        assert np.array_equal(ids, ids_again) and np.array_equal(weights, weights_again)


def test_only_a_process_over_its_target_releases_its_pages(segment):
    folder, segment_id, path = segment
    term_arrays.clear()
    read_all(term_arrays.get(folder, segment_id))
    held = resident_kb(path)
    assert held >= 64
    assert memory.keep_within(memory.resident_bytes() + 64 * memory.MB) is False  # under target: nothing done
    assert resident_kb(path) == held
    assert memory.keep_within(0) is True
    assert resident_kb(path) == 0
    assert memory.keep_within(0) is False  # nothing read since: nothing to unmap, however far over the target
    stored = term_arrays.get(folder, segment_id)
    stored.postings(*sorted(stored.directory)[0], 1.0)
    assert term_arrays.bytes_read() > 0 and resident_kb(path) > 0
    assert memory.keep_within(0) is True
    assert resident_kb(path) == 0 and term_arrays.bytes_read() == 0
    term_arrays.clear()


def test_gunicorn_hands_memory_back_after_a_request_over_the_target(segment, settings):
    folder, segment_id, path = segment
    hooks = importlib.import_module("config.gunicorn")
    term_arrays.clear()
    read_all(term_arrays.get(folder, segment_id))
    settings.WORKER_RSS_MB = 10**6  # far over the worker's RSS: nothing released
    hooks.post_request(None, None, {}, None)
    assert resident_kb(path) >= 64
    settings.WORKER_RSS_MB = 0
    hooks.post_request(None, None, {}, None)
    assert resident_kb(path) == 0
    term_arrays.clear()


@pytest.fixture
def unwatched():
    yield
    term_arrays.watch.callback, term_arrays.watch.step = None, 0
    term_arrays.watch.reset()
    term_arrays.clear()


@pytest.mark.usefixtures("unwatched")
def test_a_long_read_is_kept_within_the_target_while_it_reads(segment):
    """One request reading many MB of term arrays releases them as it goes, not only once it is answered."""
    folder, segment_id, path = segment
    term_arrays.clear()
    whole = read_all(term_arrays.get(folder, segment_id))
    held = resident_kb(path)
    term_arrays.release_pages()
    released = []
    memory.keep_within_while_reading(0, step=16 * 1024)
    watch_callback = term_arrays.watch.callback
    term_arrays.watch.callback = lambda: released.append(watch_callback())
    again = read_all(term_arrays.get(folder, segment_id))
    assert len(released) >= 4 and all(released)  # released every 16 KB read, target 0: each time
    assert resident_kb(path) < held  # the pages read before the last release are gone
    for (ids, weights), (ids_again, weights_again) in zip(whole, again, strict=True):
        assert np.array_equal(ids, ids_again) and np.array_equal(weights, weights_again)


@pytest.mark.django_db
@pytest.mark.usefixtures("unwatched")
def test_gunicorn_workers_watch_their_reads_from_the_start(segment, settings, tmp_path):
    folder, segment_id, path = segment
    settings.SEARCH_INDEX_DIR = tmp_path / "no-index"  # warm_up on an archive without an index: harmless
    settings.WORKER_RSS_MB = 0
    importlib.import_module("config.gunicorn").post_worker_init(None)
    assert term_arrays.watch.step == 32 * memory.MB
    term_arrays.clear()
    read_all(term_arrays.get(folder, segment_id))
    assert resident_kb(path) >= 64 and term_arrays.watch.total > 0
    assert term_arrays.watch.callback() is True  # what the 32nd MB read would do: over a target of 0, released
    assert resident_kb(path) == 0 and term_arrays.watch.total == 0
