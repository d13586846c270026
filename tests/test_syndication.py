"""Syndicated copies: measured thresholds, clusters kept at import, after edits and deletions, and collapsed search."""

from __future__ import annotations

import csv
import io
import shutil

import numpy as np
import pytest
from django.core.management import call_command

from archive.ingest.storing import syndication
from archive.models import Article, CopyCluster
from archive.text import copies
from tests.conftest import seed_path
from tests.syndication_corpus import HAND_OTHERS, copy_pairs, measure, other_pairs, source_texts, variants

CHOSEN = {"num_perm": copies.NUM_PERM, "bands": copies.BANDS, "rows": copies.ROWS,
          "containment": copies.CONTAINMENT, "min_jaccard": copies.MIN_JACCARD}  # fmt: skip


# --- the thresholds --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs():
    return copy_pairs(), other_pairs()


def test_the_chosen_thresholds_find_every_copy_and_no_same_topic_article(pairs):
    """The measurement behind the constants in archive.text.copies (docs/SYNDICATION.md has the whole table)."""
    found = measure(*pairs, **CHOSEN)
    assert found["missed"] == [] and found["wrong"] == []
    assert len(pairs[0]) >= 120 and len(pairs[1]) >= 150  # every kind of reprint of 13 texts; all pairs of them


@pytest.mark.parametrize(
    "setting, recall_at_most",
    [
        ({"rows": 4, "bands": 32}, 0.95),  # fewer, longer bands: heavily cut reprints stop being candidates
        ({"containment": 0.7, "min_jaccard": 0.35}, 0.97),  # stricter: the shortest reprints are lost
    ],
)
def test_neighbouring_settings_measure_worse(pairs, setting, recall_at_most):
    found = measure(*pairs, **(CHOSEN | setting))
    assert found["recall"] <= recall_at_most
    assert found["wrong"] == []


@pytest.mark.parametrize("name, own_report, reprint", [(n, a, b) for n, a, b in HAND_OTHERS])
def test_an_own_report_of_the_same_event_shares_words_but_few_word_runs(name, own_report, reprint):
    """The hand-written negatives are not trivially different: a third of the shorter text's words recur (names,
    figures, the topic), but hardly a run of three."""
    words = [copies.shingles(text, size=1) for text in (own_report, reprint)]
    assert len(words[0] & words[1]) / min(map(len, words)) > 0.3
    _, contained = copies.estimate(copies.signature(own_report), copies.signature(reprint))
    assert contained < copies.CONTAINMENT / 3


def test_a_text_too_short_to_compare_has_no_signature():
    assert copies.signature("Конституция принята. Референдум прошёл.") is None
    assert copies.from_bytes(copies.to_bytes(None)) is None


def test_signatures_survive_bytes():
    sig = copies.signature(source_texts()[0][2])
    assert np.array_equal(copies.from_bytes(copies.to_bytes(sig)), sig)


def test_the_band_index_finds_copies_and_forgets_removed_texts():
    texts = source_texts()
    sigs = {i: copies.signature(body) for i, (_, _, body) in enumerate(texts)}
    index = copies.BandIndex(list(sigs), np.stack(list(sigs.values())))
    name, language, body = texts[2]
    reprint = copies.signature(variants(body, language)["all together"])
    assert index.copies_of(reprint) == [2]
    index.discard(2)
    assert index.copies_of(reprint) == [] and 2 not in index
    index.add(99, sigs[2])
    assert index.copies_of(reprint) == [99] and len(index) == len(texts)


def test_the_band_index_sorts_added_texts_in_and_still_finds_them(monkeypatch):
    monkeypatch.setattr(copies, "COMPACT_MIN", 3)
    texts = source_texts()
    index = copies.BandIndex()
    for i, (_, _, body) in enumerate(texts):
        index.add(i, copies.signature(body))
    index.discard(4)
    assert len(index._added) < len(texts) and len(index) == len(texts) - 1
    for i, (_, language, body) in enumerate(texts):
        reprint = copies.signature(variants(body, language)["last paragraph cut"])
        assert index.copies_of(reprint) == ([] if i == 4 else [i])


def test_components_join_chains():
    assert copies.components([(1, 2), (3, 2), (5, 6)], [1, 2, 3, 4, 5, 6]) == [[1, 2, 3], [4], [5, 6]]


# --- the archive -----------------------------------------------------------------------------------------------

SEED = "002"


@pytest.fixture
def syndicated(db, tmp_path):
    """A seed and two reprints of it by other outlets, plus the other seeds: {name: article}."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for path in seed_path("000").parent.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    original = seed_path(SEED).read_text(encoding="utf-8")
    lines = original.splitlines()
    header, paragraphs = lines[0], [line for line in lines[1:] if line.strip()]
    (folder / "reprint_headline.txt").write_text(
        f"{header}\nАкадемия обсудила новую Конституцию\n\n" + "\n\n".join(paragraphs)
        + "\n\nИсточник: Kazinform. Подписывайтесь на наш Telegram-канал.\n", encoding="utf-8")  # fmt: skip
    (folder / "reprint_cut.txt").write_text(f"{header}\n" + "\n\n".join(paragraphs[1:-2]) + "\n", encoding="utf-8")
    call_command("import_articles", str(folder), "--no-progress", stdout=io.StringIO())
    by_origin = {article.origin.rsplit("/", 1)[-1]: article for article in Article.objects.all()}
    return {
        "seed": next(a for origin, a in by_origin.items() if origin.startswith(SEED)),
        "headline": by_origin["reprint_headline.txt"],
        "cut": by_origin["reprint_cut.txt"],
        "others": [a for origin, a in by_origin.items() if origin[:3].isdigit() and not origin.startswith(SEED)],
    }


def _cluster_members(article: Article) -> set[int]:
    article.refresh_from_db()
    if article.cluster_id is None:
        return set()
    return set(Article.objects.filter(cluster_id=article.cluster_id).values_list("pk", flat=True))


def test_a_seed_and_two_reprints_are_one_cluster_of_three(syndicated):
    three = {syndicated[name].pk for name in ("seed", "headline", "cut")}
    assert _cluster_members(syndicated["seed"]) == three
    assert all(_cluster_members(other) == set() for other in syndicated["others"])
    assert CopyCluster.objects.count() == 1


def test_the_article_page_names_the_other_outlets(client, syndicated):
    page = client.get(syndicated["seed"].get_absolute_url()).content.decode()
    assert "Also published by" in page
    for name in ("headline", "cut"):
        assert syndicated[name].get_absolute_url() in page
    lone = client.get(syndicated["others"][0].get_absolute_url()).content.decode()
    assert "Also published by" not in lone


def _search(client, **params) -> dict:
    return client.get("/search/", {"format": "json", **params}).json()


def test_collapsed_search_shows_one_result_per_cluster_with_its_copies(client, syndicated):
    plain = _search(client, q="Академии")
    grouped = _search(client, q="Академии", collapse="1")
    assert plain["total"] == grouped["total"] == 3 and plain["collapsed_total"] is None
    assert grouped["collapsed"] and grouped["collapsed_total"] == 1
    (result,) = grouped["results"]
    assert result["copies"] == 2 and result["id"] == plain["results"][0]["id"]  # the best ranked stands for it
    assert grouped["facets"] == plain["facets"] and grouped["facet_counts"] == "articles"

    everything = _search(client, collapse="1")
    assert everything["total"] == Article.objects.count() and everything["collapsed_total"] == everything["total"] - 2

    html = client.get("/search/", {"q": "Академии", "collapse": "1"}).content.decode()
    assert "3 results for «Академии» <span class=\"collapsed\">(1 after grouping copies)</span>" in html
    assert "+2 copies" in html and "Counts are articles, copies included." in html
    assert "after grouping copies" not in client.get("/search/", {"q": "Академии"}).content.decode()


def test_collapsed_csv_lists_one_row_per_cluster_with_its_copies(client, syndicated):
    response = client.get("/search/", {"q": "Академии", "collapse": "1", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-1] == "copies" and len(rows) == 2 and rows[1][-1] == "2"


def test_collapsing_picks_the_first_of_each_cluster_in_the_chosen_order(client, syndicated):
    for sort in ("date", "oldest"):
        plain = [r["id"] for r in _search(client, sort=sort)["results"]]
        grouped = [r["id"] for r in _search(client, sort=sort, collapse="1")["results"]]
        three = {syndicated[name].pk for name in ("seed", "headline", "cut")}
        first = next(pk for pk in plain if pk in three)
        assert grouped == [pk for pk in plain if pk not in three or pk == first]


def test_deleting_the_earliest_keeps_the_others_clustered(client, syndicated, django_capture_on_commit_callbacks):
    seed, headline, cut = syndicated["seed"], syndicated["headline"], syndicated["cut"]
    cluster = headline.cluster_id
    assert min(seed.pk, headline.pk, cut.pk) == seed.pk
    with django_capture_on_commit_callbacks(execute=True):  # the index is updated after commit
        seed.delete()
    assert _cluster_members(headline) == {headline.pk, cut.pk} and headline.cluster_id == cluster
    grouped = _search(client, q="Академии", collapse="1")
    assert grouped["total"] == 2 and grouped["collapsed_total"] == 1 and grouped["results"][0]["copies"] == 1


def test_a_cluster_left_with_one_article_dissolves_and_the_index_follows(
    client, syndicated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        syndicated["seed"].delete()
        syndicated["headline"].delete()
    assert _cluster_members(syndicated["cut"]) == set() and not CopyCluster.objects.exists()
    assert _search(client, q="Академии", collapse="1")["collapsed_total"] == 1


def test_an_edited_body_leaves_or_joins_a_cluster(client, syndicated, django_capture_on_commit_callbacks):
    cut, other = syndicated["cut"], syndicated["others"][0]
    cut.refresh_from_db()
    original_body = cut.body
    cut.body = other.body + "\n\nРедакция."
    with django_capture_on_commit_callbacks(execute=True):
        cut.save()
    assert _cluster_members(cut) == {cut.pk, other.pk}
    assert _cluster_members(syndicated["seed"]) == {syndicated["seed"].pk, syndicated["headline"].pk}
    assert _search(client, collapse="1")["collapsed_total"] == Article.objects.count() - 2
    cut.refresh_from_db()
    cut.body = original_body
    cut.save()
    assert _cluster_members(cut) == {syndicated[name].pk for name in ("seed", "headline", "cut")}
    assert _cluster_members(other) == set()


def test_an_edit_that_keeps_the_body_changes_no_cluster(syndicated, django_assert_max_num_queries):
    seed = syndicated["seed"]
    seed.refresh_from_db()
    seed.title = "Новый заголовок"
    with django_assert_max_num_queries(12):  # the save and its outbox row, no clustering queries
        seed.save()
    assert len(_cluster_members(seed)) == 3


def test_cluster_copies_recomputes_the_archive(syndicated):
    expected = {pk: _cluster_members(a) for a in Article.objects.all() for pk in (a.pk,)}
    Article.objects.update(copy_signature=b"", cluster=None)
    CopyCluster.objects.all().delete()
    out = io.StringIO()
    call_command("cluster_copies", stdout=out)
    assert "1 clusters of copies holding 3 articles" in out.getvalue()
    assert {a.pk: _cluster_members(a) for a in Article.objects.all()} == expected
    call_command("check_index", stdout=io.StringIO())  # exits 1 (SystemExit) on drift


def test_reimporting_the_same_texts_changes_no_cluster(syndicated, tmp_path):
    cluster = syndicated["seed"].cluster_id
    syndication.forget_band_index()
    call_command("import_articles", str(tmp_path / "texts"), "--no-progress", stdout=io.StringIO())
    assert _cluster_members(syndicated["seed"]) == {syndicated[n].pk for n in ("seed", "headline", "cut")}
    assert Article.objects.get(pk=syndicated["seed"].pk).cluster_id == cluster
