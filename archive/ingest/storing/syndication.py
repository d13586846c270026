"""Syndicated copies in the database: each article's MinHash signature and its cluster (archive.models.CopyCluster).

A cluster is a connected group of the relation "is a copy of" (archive.text.copies.is_copy): if B reprints half of
A and C reprints the other half, all three are one agency text. It exists while it has two members; an article
with no copy has none. Kept right by:

- `assign(article_ids)`: after the importer stored or changed articles (storing.batch calls it in the batch's
  transaction), and after an edit changed an article's body (the post_save receiver below). The article's
  signature is recomputed from its body; it leaves its old cluster (which is split if the article was what held
  it together) and joins the clusters of the texts it is a copy of, merging them.
- the post_delete receiver: the rest of a deleted article's cluster stays one cluster, under the same id, as
  long as its members are still copies of one another; otherwise it splits, and a member left alone leaves it.
- `recluster_all()` (`manage.py cluster_copies`): signatures and clusters of the whole archive from scratch.

Every article whose cluster changed is queued for the search index (its documents carry the cluster id).

Lookups go through a `BandIndex` of every stored signature, loaded once per process (~0.5 s at 100,000 articles:
docs/SYNDICATION.md) and reused while the archive's fingerprint (article count, last id, last update) is the one
it was loaded at or left at by this process's own writes: an import run loads it once, and a write made by
another process meanwhile (which changes the fingerprint) makes the next batch load it again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
from django.db import connections, router, transaction
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save

from archive.models import Article, CopyCluster
from archive.search.indexing import enqueue
from archive.text.copies import (
    NUM_PERM,
    SIGNATURE_BYTES,
    BandIndex,
    components,
    copy_mask,
    from_bytes,
    signature,
    to_bytes,
)

from .bulk import chunks

logger = logging.getLogger(__name__)

_cache: dict[str, tuple[tuple, BandIndex]] = {}  # database alias → (fingerprint, index)


def _alias() -> str:
    return router.db_for_write(Article)


def _fingerprint() -> tuple:
    """Changes with any article added, deleted or saved (bulk updates set updated_at too)."""
    articles = Article.objects.order_by()
    # Three queries: alone, each MAX is one index lookup; together in one SELECT they scan the table (SQLite).
    return (articles.count(), articles.aggregate(last=Max("pk"))["last"],
            articles.aggregate(changed=Max("updated_at"))["changed"])  # fmt: skip


def load_band_index() -> BandIndex:
    """Every stored signature, straight from the cursor into one array (the ORM's rows cost ~50% more)."""
    table = Article._meta.db_table
    with connections[_alias()].cursor() as cursor:
        cursor.execute(f"SELECT id, copy_signature FROM {table}")  # the model's own table name
        rows = [(pk, blob) for pk, blob in cursor.fetchall() if blob is not None and len(blob) == SIGNATURE_BYTES]
    # A signature of another length was made with another NUM_PERM: left out until `cluster_copies`.
    ids = np.fromiter((pk for pk, _ in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<u4").astype(np.uint32)
    return BandIndex(ids, matrix.reshape(len(rows), NUM_PERM + 1))


def band_index() -> BandIndex:
    fingerprint = _fingerprint()
    cached = _cache.get(_alias())
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    index = load_band_index()
    _cache[_alias()] = (fingerprint, index)
    return index


def forget_band_index() -> None:
    _cache.pop(_alias(), None)


def assign(article_ids: Iterable[int | None], computed: dict[int, np.ndarray] | None = None) -> set[int]:
    """Recompute the signatures of these articles and put each in its cluster; the caller holds the transaction.

    Returns the ids of every article whose cluster changed (these, and members of clusters they left or joined).
    An article that was in a cluster leaves it first, one by one (a changed text); then all of them join their
    copies' clusters at once: one union of the groups in memory and a few queries per batch, not per text.
    `computed`: signatures already made from the stored bodies (the import's workers make them; an empty array
    for a body too short to have one); the others are made here from the body in the database.
    """
    computed = computed or {}
    wanted = sorted({pk for pk in article_ids if pk is not None})
    if not wanted:
        return set()
    index = band_index()
    changed: set[int] = set()
    signatures: list[Article] = []
    found: dict[int, np.ndarray] = {}
    for chunk in chunks(wanted):
        rows = Article.objects.filter(pk__in=chunk).values_list("pk", "copy_signature", "cluster_id")
        missing = [pk for pk in chunk if pk not in computed]
        bodies = dict(Article.objects.filter(pk__in=missing).values_list("pk", "body")) if missing else {}
        for pk, stored, cluster_id in rows:
            sig = signature(bodies[pk]) if pk in bodies else computed[pk]
            sig = sig if sig is not None and sig.size else None
            blob = to_bytes(sig)
            if blob == bytes(stored) and (sig is None) == (pk not in index):
                continue  # the same text as before: its cluster stands
            signatures.append(Article(pk=pk, copy_signature=blob))
            if sig is None:
                index.discard(pk)
            else:
                index.add(pk, sig)  # before looking: a later text of the batch finds this one
                found[pk] = sig
            if cluster_id is not None:  # a changed text leaves its cluster, which splits if it held it together
                changed |= _move([pk], None) | _resplit(cluster_id)
    if signatures:
        Article.objects.bulk_update(signatures, ["copy_signature"], batch_size=500)
    pairs = [(pk, other) for pk, sig in found.items() for other in index.copies_of(sig, exclude=pk)]
    changed |= _join_all(pairs)
    _cache[_alias()] = (_fingerprint(), index)  # what this process wrote is in it
    return changed


def _join_all(pairs: list[tuple[int, int]]) -> set[int]:
    """Each connected group of these copy pairs, with every cluster its members are in, becomes one cluster."""
    if not pairs:
        return set()
    ids = sorted({pk for pair in pairs for pk in pair})
    cluster_of = {pk: cluster for chunk in chunks(ids) for pk, cluster in
                  Article.objects.filter(pk__in=chunk, cluster__isnull=False).values_list("pk", "cluster_id")}
    # One node per article and one per existing cluster (negative), so groups sharing a cluster are one group.
    nodes = ids + sorted({-cluster for cluster in cluster_of.values()})
    links = pairs + [(pk, -cluster) for pk, cluster in cluster_of.items()]
    changed: set[int] = set()
    for group in components(links, nodes):
        changed |= _join([pk for pk in group if pk > 0])
    return changed


def _move(ids: Iterable[int], cluster_id: int | None) -> set[int]:
    """Put the articles in the cluster (None: in none); returns those that were elsewhere."""
    articles = Article.objects.filter(pk__in=list(ids))
    if cluster_id is None:
        elsewhere = articles.filter(cluster__isnull=False)
    else:
        elsewhere = articles.exclude(cluster_id=cluster_id)
    moved = set(elsewhere.values_list("pk", flat=True))
    if moved:
        Article.objects.filter(pk__in=moved).update(cluster_id=cluster_id)
    return moved


def _join(ids: list[int]) -> set[int]:
    """One cluster for these articles and everything clustered with them: the biggest of their clusters (the
    oldest among equals). Only the others' members are moved, so a text joining a big cluster costs what it
    moves, not the cluster's size (a long import of agency copies stays linear)."""
    sizes = dict(Article.objects.filter(cluster__in=Article.objects.filter(pk__in=ids).values("cluster_id"))
                 .order_by().values_list("cluster_id").annotate(n=Count("pk")))
    if not sizes:
        target = CopyCluster.objects.create().pk
    else:
        target = min(sizes, key=lambda cluster: (-sizes[cluster], cluster))
    others = set(sizes) - {target}
    moving = Article.objects.filter(Q(pk__in=ids) | Q(cluster_id__in=others)).exclude(cluster_id=target) \
        if others else Article.objects.filter(pk__in=ids).exclude(cluster_id=target)
    moved = set(moving.values_list("pk", flat=True))
    if moved:
        Article.objects.filter(pk__in=moved).update(cluster_id=target)
    if others:
        CopyCluster.objects.filter(pk__in=others).delete()
    return moved


def _resplit(cluster_id: int) -> set[int]:
    """After a member left: the rest stays one cluster where it is still connected; the biggest part keeps the
    id, other parts get clusters of their own, and a member left alone leaves it."""
    rows = list(Article.objects.filter(cluster_id=cluster_id).values_list("pk", "copy_signature"))
    members = {pk: from_bytes(blob) for pk, blob in rows}
    signed = [pk for pk, sig in members.items() if sig is not None]
    pairs = []
    if len(signed) > 1:
        matrix = np.stack([members[pk] for pk in signed])
        for i, pk in enumerate(signed[:-1]):
            hits = copy_mask(matrix[i], matrix[i + 1 :])
            pairs += [(pk, signed[i + 1 + j]) for j in np.flatnonzero(hits).tolist()]
    groups = sorted(components(pairs, members), key=lambda group: (-len(group), group[0]))
    changed: set[int] = set()
    kept = False
    for group in groups:
        if len(group) < 2:
            changed |= _move(group, None)
        elif not kept:
            kept = True  # already in cluster_id
        else:
            changed |= _move(group, CopyCluster.objects.create().pk)
    if not kept:
        CopyCluster.objects.filter(pk=cluster_id).delete()
    return changed


def recluster_all(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Signatures and clusters of every article from scratch (`manage.py cluster_copies`), in one transaction.

    Existing cluster ids are kept for groups that still have members in them (fewer index updates).
    """
    with transaction.atomic():
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        computed: dict[int, np.ndarray] = {}
        updates: list[Article] = []
        for chunk in chunks(ids):
            for pk, body, stored in Article.objects.filter(pk__in=chunk).values_list("pk", "body", "copy_signature"):
                sig = signature(body)
                if sig is not None:
                    computed[pk] = sig
                if to_bytes(sig) != bytes(stored):
                    updates.append(Article(pk=pk, copy_signature=to_bytes(sig)))
            if progress:
                progress(len(chunk))
        Article.objects.bulk_update(updates, ["copy_signature"], batch_size=500)
        signed = sorted(computed)
        index = BandIndex(signed, np.stack([computed[pk] for pk in signed]) if signed else None)
        pairs = [(pk, other) for pk in signed for other in index.copies_of(computed[pk]) if other > pk]
        groups = [group for group in components(pairs, signed) if len(group) > 1]
        changed = _apply_groups(groups)
        enqueue(changed)
        forget_band_index()
    return {"articles": len(ids), "signatures_changed": len(updates), "clusters": len(groups),
            "clustered": sum(len(g) for g in groups), "reindexed": len(changed)}  # fmt: skip


def _apply_groups(groups: list[list[int]]) -> set[int]:
    current = dict(Article.objects.filter(cluster__isnull=False).values_list("pk", "cluster_id"))
    taken: set[int] = set()
    changed: set[int] = set()
    for group in groups:
        votes = Counter(current[pk] for pk in group if pk in current and current[pk] not in taken)
        target = votes.most_common(1)[0][0] if votes else CopyCluster.objects.create().pk
        taken.add(target)
        changed |= _move(group, target)
    grouped = {pk for group in groups for pk in group}
    changed |= _move([pk for pk in current if pk not in grouped], None)
    CopyCluster.objects.exclude(pk__in=taken).delete()
    return changed


# ---------------------------------------------------------------------------------------------------------------
# Edits and deletions made anywhere (admin, shell, curation): connected from ArchiveConfig.ready()
# ---------------------------------------------------------------------------------------------------------------


def _queue(changed: set[int]) -> None:
    if changed:
        from archive.search import apply_after_commit

        enqueue(changed)
        apply_after_commit()


def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """A body an editor changed may have become (or stopped being) a copy. Runs inside the save's transaction."""
    if raw or to_bytes(signature(instance.body)) == bytes(instance.copy_signature or b""):
        return
    _queue(assign([instance.pk]))


def _article_deleted(sender, instance: Article, **kwargs) -> None:
    if instance.cluster_id is not None:
        _queue(_resplit(instance.cluster_id))


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="qujat-copies-article-save")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="qujat-copies-article-delete")
