"""Curation you can trust: an editor's save changes only what the editor changed, and nothing else undoes it.

- a form posted back unchanged (with a browser's \\r\\n line breaks) writes nothing and records no history;
- a re-import of a changed text keeps the fields an editor set, and says so;
- fixing a made-up title clears its «derived» flag and review reason; articles are approved from the queue;
- «Add article» runs the importer; a duplicate or bad text is a form error, never a 500;
- splitting a spelling off takes exactly that spelling and the mentions written that way;
- merged people, organisations and events leave their old pages redirecting to the survivor;
- a stale save (someone else saved since) is refused, by the admin and by the ORM, under real concurrency.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from archive import curation
from archive.ingest.reading.parser import DERIVED_TITLE_REASON
from archive.models import (
    Article,
    Event,
    Organisation,
    Person,
    PersonAlias,
    PersonMention,
    Quote,
    ReviewStatus,
    Source,
    StaleEdit,
)

from .conftest import ROOT, seed_path

pytestmark = pytest.mark.django_db


class BrowserForm(HTMLParser):
    """What a browser posts from a page's form: its inputs, checked boxes, selected options and textareas.

    Textarea contents lose the one newline after the start tag (HTML parsing) and are posted with every line
    break as \\r\\n (HTML form submission), as Chromium and Firefox do.
    """

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self._select: str | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, parts = self._textarea
            value = "".join(parts)
            value = value[1:] if value.startswith("\n") else value
            self.data.append((name, value.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)

    def post_data(self, **changes) -> dict:
        data: dict[str, list[str]] = {}
        for name, value in self.data:
            data.setdefault(name, []).append(value)
        data.update({name: [value] for name, value in changes.items()})
        return data


def browser_form(client, url: str, form_id: str) -> BrowserForm:
    page = client.get(url)
    assert page.status_code == 200
    form = BrowserForm(form_id)
    form.feed(page.content.decode())
    assert form.data, f"no form #{form_id} on {url}"
    return form


def history_rows() -> int:
    return sum(model.history.model.objects.count()
               for model in (Article, Person, Organisation, Event, Source, PersonAlias, PersonMention, Quote))


def article(title: str, body: str = "Текст о Конституции.", **fields) -> Article:
    return Article.objects.create(title=title, body=body, raw_text=body, language="ru", origin=f"{title}.txt",
                                  checksum=str(abs(hash(title))).zfill(64)[:64], **fields)


def editor(username: str):
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", "pw")


# 1. A round trip through a form changes nothing -----------------------------------------------------------------


def test_posting_an_article_form_back_unchanged_writes_nothing(admin_client, imported_seeds):
    for stored in Article.objects.order_by("pk"):
        assert "\n" in stored.body
        url = reverse("admin:archive_article_change", args=[stored.pk])
        form = browser_form(admin_client, url, "article_form")
        assert any("\r\n" in value for _, value in form.data)  # the browser's line breaks are in the post
        before = (history_rows(), stored.body.encode(), stored.raw_text.encode(), stored.updated_at, stored.version)

        response = admin_client.post(url, form.post_data(_save="Save"))

        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
        stored.refresh_from_db()
        after = (history_rows(), stored.body.encode(), stored.raw_text.encode(), stored.updated_at, stored.version)
        assert after == before, stored.origin


def test_a_real_change_is_saved_alone_and_the_body_keeps_its_bytes(admin_client, imported_seeds):
    stored = Article.objects.filter(quotes__isnull=False).distinct().first()
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")
    history = stored.history.count()

    assert admin_client.post(url, form.post_data(title="Новый заголовок", _save="Save")).status_code == 302

    saved = Article.objects.get(pk=stored.pk)
    assert saved.title == "Новый заголовок" and saved.body.encode() == stored.body.encode()
    assert "\r" not in saved.body + saved.review_notes + saved.captions + saved.footer
    assert saved.history.count() == history + 1
    change = saved.history.first().diff_against(saved.history.all()[1])
    assert {c.field for c in change.changes} <= {"title", "title_derived", "review_notes", "edited_fields", "version",
                                                 "updated_at"}
    assert {q.text for q in saved.quotes.all()} == {q.text for q in stored.quotes.all()}


def test_a_stored_crlf_text_keeps_its_line_breaks(admin_client):
    stored = article("Статья", body="Первая строка.\r\nВторая строка.")
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")
    assert admin_client.post(url, form.post_data(_save="Save")).status_code == 302
    stored.refresh_from_db()
    assert stored.body == "Первая строка.\r\nВторая строка." and stored.history.count() == 1


def test_posting_a_person_form_back_unchanged_writes_nothing(admin_client):
    person = Person.objects.create(name="Вера Ким", description="Депутат.\nЧлен комиссии.")
    person.add_alias("Вера Ким")
    person.add_alias("В. Ким")
    url = reverse("admin:archive_person_change", args=[person.pk])
    form = browser_form(admin_client, url, "person_form")
    before = history_rows()
    assert admin_client.post(url, form.post_data(_save="Save")).status_code == 302
    assert history_rows() == before
    assert Person.objects.get().version == person.version


def test_posting_an_event_form_back_unchanged_writes_nothing(admin_client):
    event = Event.objects.create(title="Круглый стол", place="Астана")
    event.articles.add(article("Статья"))
    event.participants.add(Person.objects.create(name="Вера Ким"))
    url = reverse("admin:archive_event_change", args=[event.pk])
    form = browser_form(admin_client, url, "event_form")
    before = history_rows()
    assert admin_client.post(url, form.post_data(_save="Save")).status_code == 302
    assert history_rows() == before and Event.objects.get().version == event.version


# 7. A stale save is refused -------------------------------------------------------------------------------------


def test_the_orm_refuses_a_stale_save():
    first = article("Статья")
    mine, theirs = Article.objects.get(pk=first.pk), Article.objects.get(pk=first.pk)
    theirs.title = "Их заголовок"
    theirs.save()
    mine.byline = "Моя подпись"
    with pytest.raises(StaleEdit, match="reload and apply your change again"):
        mine.save()
    stored = Article.objects.get(pk=first.pk)
    assert (stored.title, stored.byline, stored.version) == ("Их заголовок", "", 1)
    assert mine.version == 0  # unchanged by the refusal: reload and retry
    mine.refresh_from_db()
    mine.byline = "Моя подпись"
    mine.save(update_fields=["byline"])
    assert Article.objects.get(pk=first.pk).version == 2


@pytest.mark.parametrize("model", [Person, Organisation, Event, Source])
def test_every_curated_record_is_versioned(model):
    record = model.objects.create(**({"title": "Сессия"} if model is Event else {"name": "Название"}))
    stale = model.objects.get(pk=record.pk)
    record.save()
    with pytest.raises(StaleEdit):
        stale.save()


def test_the_admin_refuses_a_form_opened_before_someone_elses_save(client, admin_client):
    other = editor("aigerim")
    stored = article("Статья")
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")

    client.force_login(other)
    theirs = browser_form(client, url, "article_form")
    assert client.post(url, theirs.post_data(title="Заголовок Айгерим", _save="Save")).status_code == 302

    response = admin_client.post(url, form.post_data(byline="Моя подпись", _save="Save"))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by aigerim at" in errors and "reload and apply your change again" in errors
    stored.refresh_from_db()
    assert (stored.title, stored.byline) == ("Заголовок Айгерим", "")


def test_a_save_that_loses_the_race_after_the_form_check_is_a_message_not_a_500(admin_client, monkeypatch):
    from archive import admin as archive_admin

    stored = article("Статья")
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")
    Article.objects.get(pk=stored.pk).save()  # someone saves after the form's check, before its save
    monkeypatch.setattr(archive_admin.CarefulForm, "clean", lambda self: self.cleaned_data)

    response = admin_client.post(url, form.post_data(byline="Моя подпись", _save="Save"), follow=True)
    assert response.status_code == 200
    assert any("reload and apply your change again" in str(m) for m in response.context["messages"])
    assert Article.objects.get(pk=stored.pk).byline == ""


def test_a_save_committed_while_the_form_is_being_made_is_not_overwritten(admin_client):
    """Someone's save commits after the form's values were read but before the page is finished: the form carries
    the version of the values it shows, so posting it is refused (the four-editors fault suite lost an edit so)."""
    from django.db.models.signals import post_init

    stored = article("Статья")
    url = reverse("admin:archive_article_change", args=[stored.pk])
    fired = []

    def someone_saves(sender, instance, **kwargs):  # the form's copy was just read from its row
        if fired or instance.pk != stored.pk:
            return
        fired.append(True)
        theirs = Article.objects.get(pk=stored.pk)
        theirs.title = "Их заголовок"
        theirs.save()

    post_init.connect(someone_saves, sender=Article)
    try:
        form = browser_form(admin_client, url, "article_form")
    finally:
        post_init.disconnect(someone_saves, sender=Article)
    assert fired and dict(form.data)["title"] == "Статья"
    response = admin_client.post(url, form.post_data(byline="Моя подпись", _save="Save"))
    assert response.status_code == 200
    assert "reload and apply your change again" in " ".join(response.context["adminform"].form.non_field_errors())
    stored.refresh_from_db()
    assert (stored.title, stored.byline) == ("Их заголовок", "")


@pytest.mark.parametrize("stale_rows", [False, True])
def test_a_spelling_the_person_already_has_is_a_form_error_not_a_500(admin_client, stale_rows):
    """A new alias row repeating a stored spelling: typed into the empty row while the form's rows were stale
    (another editor added it), or posted with the rows counted as new (the fuzz suite's find)."""
    person = Person.objects.create(name="Вера Ким")
    person.add_alias("Вера Ким")
    url = reverse("admin:archive_person_change", args=[person.pk])
    form = browser_form(admin_client, url, "person_form")
    if stale_rows:
        changes = {"aliases-INITIAL_FORMS": "0"}
    else:
        person.add_alias("В. Ким")  # someone else's spelling, not on this form
        changes = {"aliases-1-name": "В. Ким"}
    response = admin_client.post(url, form.post_data(**changes, _save="Save"))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert sorted(person.aliases.values_list("name", flat=True)) == sorted({"Вера Ким", "В. Ким"} if not stale_rows
                                                                          else {"Вера Ким"})  # fmt: skip


def test_a_spelling_written_by_someone_else_after_the_form_check_is_a_message_not_a_500(admin_client):
    from django.db.models.signals import pre_save

    person = Person.objects.create(name="Вера Ким")
    url = reverse("admin:archive_person_change", args=[person.pk])
    form = browser_form(admin_client, url, "person_form")

    def someone_else_adds_it(sender, instance, **kwargs):  # between the form's check and its insert
        if instance.pk is None:
            PersonAlias.objects.bulk_create([PersonAlias(person=person, name=instance.name, key="в ким")])

    pre_save.connect(someone_else_adds_it, sender=PersonAlias)
    try:
        response = admin_client.post(url, form.post_data(**{"aliases-0-name": "В. Ким"}, description="Депутат",
                                                         _save="Save"), follow=True)  # fmt: skip
    finally:
        pre_save.disconnect(someone_else_adds_it, sender=PersonAlias)
    assert response.status_code == 200
    assert any("a record saved meanwhile conflicts" in str(m) for m in response.context["messages"])
    person.refresh_from_db()
    assert person.description == "" and not person.aliases.exists()  # the whole save rolled back, theirs too


def test_reverting_from_the_history_still_works(admin_client):
    stored = article("Первый заголовок")
    old = stored.history.earliest()
    stored.title = "Второй заголовок"
    stored.save()
    url = reverse("admin:archive_article_simple_history", args=[stored.pk, old.history_id])
    form = browser_form(admin_client, url, "historicalarticle_form")
    assert admin_client.post(url, form.post_data(_save="Save")).status_code == 302
    assert Article.objects.get(pk=stored.pk).title == "Первый заголовок"


def test_the_importer_bumps_the_version_so_an_open_form_is_refused(admin_client, tmp_path):
    target = tmp_path / seed_path("003").name
    shutil.copy(seed_path("003"), target)
    run_import(str(target))
    stored = Article.objects.get()
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")
    target.write_text(target.read_text(encoding="utf-8") + "\n\nДополнение редакции.", encoding="utf-8")
    run_import(str(target))
    assert Article.objects.get().version == stored.version + 1
    response = admin_client.post(url, form.post_data(byline="Моя подпись", _save="Save"))
    assert response.status_code == 200 and "reload and apply" in response.text


def _append_tokens(pk: int, writer: int, rounds: int, barrier: threading.Barrier, outcome: dict) -> None:
    """get → append a token → save, retrying on StaleEdit; the barrier makes every writer read the same version."""
    try:
        for n in range(rounds):
            token, first_try = f"w{writer}r{n}", True
            while True:
                stored = Article.objects.get(pk=pk)
                stored.footer = f"{stored.footer} {token}"
                if first_try:
                    barrier.wait(timeout=60)
                    first_try = False
                try:
                    stored.save()
                except StaleEdit:
                    outcome["stale"] += 1
                    continue
                outcome["saved"].append(token)
                break
    except BaseException as error:  # reported by the test, not lost in the thread
        outcome["errors"].append(repr(error))
        barrier.abort()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_update():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory test database locks whole tables; real SQLite writers: the next test")
    shared = article("Общая статья")
    writers, rounds = 4, 8
    barrier, outcome = threading.Barrier(writers), {"stale": 0, "saved": [], "errors": []}
    threads = [threading.Thread(target=_append_tokens, args=(shared.pk, n, rounds, barrier, outcome))
               for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not outcome["errors"]
    footer = Article.objects.get(pk=shared.pk).footer.split()
    assert sorted(footer) == sorted(outcome["saved"]) and len(footer) == writers * rounds
    assert outcome["stale"] >= rounds  # every round, all but one writer had read a version that was replaced
    assert Article.objects.get(pk=shared.pk).version == writers * rounds


WRITER = textwrap.dedent("""
    import sys, django
    django.setup()
    from archive.models import Article, StaleEdit
    pks, writer, rounds = [int(p) for p in sys.argv[1].split(",")], sys.argv[2], int(sys.argv[3])
    stale = 0
    for n in range(rounds):
        pk, token = pks[n % len(pks)], f"p{writer}r{n}"
        while True:
            article = Article.objects.get(pk=pk)
            article.footer = f"{article.footer} {token}"
            try:
                article.save()
                break
            except StaleEdit:
                stale += 1
    print(stale)
""")


@pytest.mark.django_db(transaction=True)
def test_writer_processes_lose_no_update(tmp_path):
    """Processes doing get-change-save on shared articles: PostgreSQL's test database, or an SQLite file."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        pks = [article(f"Статья {n}").pk for n in range(2)]
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'writers.sqlite3'}"
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        made = subprocess.run([sys.executable, "-c", textwrap.dedent("""
            import django
            django.setup()
            from archive.models import Article
            print(",".join(str(Article.objects.create(title=f"Статья {n}", body="Текст.", raw_text=f"Текст {n}",
                          language="ru", origin=f"{n}.txt", checksum=str(n) * 64).pk) for n in range(2)))
        """)], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        pks = [int(pk) for pk in made.stdout.strip().split(",")]
    writers, rounds = 4, 12
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, ",".join(map(str, pks)), str(n), str(rounds)],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for n in range(writers)]
    results = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in results]

    check = "print('\\n'.join(a.footer for a in Article.objects.all()))"
    if connection.vendor == "postgresql":
        footers = " ".join(Article.objects.values_list("footer", flat=True)).split()
    else:
        footers = subprocess.run([sys.executable, "-c", f"import django; django.setup()\n"
                                  f"from archive.models import Article\n{check}"],
                                 cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert sorted(footers) == sorted(f"p{w}r{n}" for w in range(writers) for n in range(rounds))


# 2. Editors' fields survive a re-import ---------------------------------------------------------------------


def run_import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_reimport_of_a_changed_text_keeps_what_an_editor_set(admin_client, tmp_path):
    target = tmp_path / seed_path("002").name  # no date, so it waits for review
    shutil.copy(seed_path("002"), target)
    run_import(str(target))
    stored = Article.objects.get()
    other_source = Source.objects.create(name="Kazinform")
    url = reverse("admin:archive_article_change", args=[stored.pk])
    form = browser_form(admin_client, url, "article_form")
    admin_client.post(url, form.post_data(title="Заголовок редактора", published_on="2026-02-12",
                                          source=str(other_source.pk), _save="Save"))
    stored.refresh_from_db()
    assert stored.edited_fields == ["published_on", "source", "title"]

    target.write_text(target.read_text(encoding="utf-8") + "\n\nДополнение редакции.", encoding="utf-8")
    out, _ = run_import(str(target), "-v2")

    updated = Article.objects.get()
    assert updated.body.endswith("Дополнение редакции.")
    assert (updated.title, str(updated.published_on), updated.source) == (
        "Заголовок редактора", "2026-02-12", other_source)
    assert "no publication date found" not in updated.review_notes
    assert "kept editor's published_on, source, title for 1 article" in out
    assert "(kept editor's published_on, source, title)" in out

    target.write_text(target.read_text(encoding="utf-8") + "\n\nЕщё одно.", encoding="utf-8")
    out, _ = run_import(str(target), "--format", "json")
    assert json.loads(out)["kept_editor_fields"] == ["published_on", "source", "title"]


def test_a_reimport_still_updates_what_no_editor_touched(tmp_path):
    target = tmp_path / seed_path("003").name
    shutil.copy(seed_path("003"), target)
    run_import(str(target))
    target.write_text(target.read_text(encoding="utf-8").replace(" date 2026-02-13", " date 2026-02-14", 1),
                      encoding="utf-8")
    out, _ = run_import(str(target))
    assert "kept" not in out
    assert str(Article.objects.get().published_on) == "2026-02-14"


# 3. A fixed title is no longer derived; approval from the queue -------------------------------------------------


def test_fixing_a_derived_title_clears_the_flag_and_its_review_reason(admin_client, imported_seeds):
    derived = Article.objects.filter(title_derived=True).first()
    assert DERIVED_TITLE_REASON in derived.review_notes.splitlines()
    url = reverse("admin:archive_article_change", args=[derived.pk])
    form = browser_form(admin_client, url, "article_form")
    assert admin_client.post(url, form.post_data(title="Настоящий заголовок", _save="Save")).status_code == 302
    derived.refresh_from_db()
    assert (derived.title, derived.title_derived) == ("Настоящий заголовок", False)
    assert DERIVED_TITLE_REASON not in derived.review_notes
    assert "title" in derived.edited_fields


def test_an_article_is_approved_from_the_review_queue(admin_client, admin_user):
    waiting = article("Статья", review_status=ReviewStatus.NEEDS_REVIEW, review_notes="no publication date found")
    url = reverse("admin:archive_review_queue")
    page = admin_client.get(url)
    assert f'name="pk" value="{waiting.pk}"' in page.text and 'name="kind" value="article"' in page.text
    response = admin_client.post(url, {"kind": "article", "pk": waiting.pk, "decision": "approve"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.review_status == ReviewStatus.APPROVED and waiting.edited_fields == ["review_status"]
    assert waiting.history.latest().history_user == admin_user
    assert "Nothing waits." in admin_client.get(url).text


# 4. «Add article» runs the importer -------------------------------------------------------------------------


def test_adding_a_pasted_text_imports_it(admin_client, admin_user):
    url = reverse("admin:archive_article_add")
    assert admin_client.get(url).status_code == 200
    text = seed_path("003").read_text(encoding="utf-8")
    response = admin_client.post(url, {"text": text.replace("\n", "\r\n")})
    assert response.status_code == 302
    added = Article.objects.get()
    assert response["Location"] == reverse("admin:archive_article_change", args=[added.pk])
    assert added.raw_text == text and added.checksum and added.origin.startswith("admin:admin:")
    assert added.person_mentions.exists() and added.history.exists()

    again = admin_client.post(url, {"text": text})
    assert again.status_code == 200 and Article.objects.count() == 1
    assert f"already in the archive as <a href=\"{response['Location']}\">article {added.pk}</a>" in again.text


def test_adding_an_uploaded_file_imports_it_and_refuses_a_different_one_of_the_same_name(admin_client):
    url = reverse("admin:archive_article_add")
    data = seed_path("001").read_bytes()
    assert admin_client.post(url, {"file": SimpleUploadedFile("kazinform.txt", data)}).status_code == 302
    assert Article.objects.get().origin == "upload:kazinform.txt"
    other = seed_path("004").read_bytes()
    response = admin_client.post(url, {"file": SimpleUploadedFile("kazinform.txt", other)})
    assert response.status_code == 200 and "another text was added as" in response.text
    assert Article.objects.count() == 1


@pytest.mark.parametrize("post, reason", [
    ({}, "Paste a text or choose a file."),
    ({"text": "   \r\n  "}, "Not imported: the file is empty"),
    ({"file": b"\x00\x01\x02binary"}, "Not imported: binary file"),
    ({"file": b""}, "The submitted file is empty."),
    ({"text": " date 2026-02-13\r\n"}, "Not imported: no article text"),
])
def test_adding_bad_input_says_why(admin_client, post, reason):
    if "file" in post:
        post = {"file": SimpleUploadedFile("bad.txt", post["file"])}
    response = admin_client.post(reverse("admin:archive_article_add"), post)
    assert response.status_code == 200
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not Article.objects.exists()


# 5. Splitting a spelling takes exactly that spelling --------------------------------------------------------


def test_splitting_one_spelling_leaves_the_others_of_the_same_key():
    first, second, third = article("Первая"), article("Вторая"), article("Третья")
    tokayev = Person.objects.create(name="Касым-Жомарт Токаев")
    for spelling in ("Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"):
        tokayev.add_alias(spelling)
    for art, surfaces in ((first, ["Касым-Жомарт Токаев", "Касым-Жомарта Токаева"]),
                          (second, ["Қасым-Жомарт Тоқаев", "Қасым-Жомарт  Тоқаевтың", "Тоқаев"]),
                          (third, ["Kassym-Jomart Tokayev"])):
        for surface in surfaces:
            PersonMention.objects.create(article=art, person=tokayev, surface=surface)
    Quote.objects.create(article=first, speaker=tokayev, text="Слова")

    kazakh = curation.split_alias(PersonAlias.objects.get(name="Қасым-Жомарт Тоқаев"))

    assert set(kazakh.mentions.values_list("surface", flat=True)) == {"Қасым-Жомарт Тоқаев", "Қасым-Жомарт  Тоқаевтың"}
    assert set(tokayev.mentions.values_list("surface", flat=True)) == {
        "Касым-Жомарт Токаев", "Касым-Жомарта Токаева", "Тоқаев", "Kassym-Jomart Tokayev"}
    assert set(kazakh.aliases.values_list("name", flat=True)) == {"Қасым-Жомарт Тоқаев"}
    assert set(tokayev.aliases.values_list("name", flat=True)) == {"Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"}
    assert Quote.objects.get().speaker == tokayev


@pytest.mark.parametrize("surface, spelling, others, expected", [
    ("Вера Ким", "Вера Ким", [], True),
    ("Веры Ким", "Вера Ким", [], True),
    ("Тоқаевқа", "Тоқаев", ["Токаев"], True),
    ("Токаева", "Тоқаев", ["Токаев"], False),
    ("Tokayev", "Токаев", [], False),  # another script: not this spelling
    ("Tokayev", "Tokaev", ["Tokayev"], False),  # written closer to another spelling of the person
    ("Токаев", "Касым-Жомарт Токаев", [], False),  # a lone surname: could be any spelling's
])
def test_written_as(surface, spelling, others, expected):
    assert curation.written_as(surface, spelling, [spelling, *others]) is expected


def test_splitting_several_spellings_in_the_admin_makes_one_person_each(admin_client):
    art = article("Статья")
    person = Person.objects.create(name="Вера Ким")
    for spelling in ("Вера Ким", "Токарев", "Tokarev"):
        person.add_alias(spelling)
        PersonMention.objects.create(article=art, person=person, surface=spelling)
    chosen = PersonAlias.objects.filter(name__in=["Токарев", "Tokarev"])
    admin_client.post(reverse("admin:archive_personalias_changelist"),
                      {"action": "split_off", "_selected_action": [a.pk for a in chosen]})
    assert {p.name: [m.surface for m in p.mentions.all()] for p in Person.objects.all()} == {
        "Вера Ким": ["Вера Ким"], "Токарев": ["Токарев"], "Tokarev": ["Tokarev"]}


# 6. Merged records' pages redirect to the survivor ---------------------------------------------------------


def test_a_merged_persons_page_redirects_to_the_survivor_through_chains(client):
    kim, duplicate, third = (Person.objects.create(name=n) for n in ("Вера Ким", "Ким Вера", "В. Ким"))
    old_slugs = (duplicate.slug, kim.slug)
    curation.merge_entities(kim, [duplicate])
    response = client.get(reverse("archive:person_detail", args=[old_slugs[0]]))
    assert (response.status_code, response["Location"]) == (301, kim.get_absolute_url())

    curation.merge_entities(third, [Person.objects.get(pk=kim.pk)])
    for slug in old_slugs:
        response = client.get(reverse("archive:person_detail", args=[slug]))
        assert (response.status_code, response["Location"]) == (301, third.get_absolute_url())
    assert client.get(third.get_absolute_url()).status_code == 200
    assert client.get(reverse("archive:person_detail", args=["nobody"])).status_code == 404


def test_a_merged_organisations_page_redirects(admin_client, client):
    kept, gone = Organisation.objects.create(name="Мажилис"), Organisation.objects.create(name="Мәжіліс")
    url = reverse("admin:archive_organisation_changelist")
    admin_client.post(url, {"action": "merge", "_selected_action": [kept.pk, gone.pk], "target": kept.pk})
    response = client.get(reverse("archive:organisation_detail", args=[gone.slug]))
    assert (response.status_code, response["Location"]) == (301, kept.get_absolute_url())


def test_events_are_merged_in_the_admin_and_their_pages_redirect(admin_client, client, admin_user):
    first, second = article("Первая"), article("Вторая")
    speaker = Person.objects.create(name="Вера Ким")
    kept = Event.objects.create(title="Круглый стол", kind="round_table")
    gone = Event.objects.create(title="Круглый стол о Конституции", key="round-table-2026-02-13", place="Астана")
    kept.articles.add(first)
    gone.articles.add(second)
    gone.participants.add(speaker)
    url = reverse("admin:archive_event_changelist")

    confirm = admin_client.post(url, {"action": "merge", "_selected_action": [kept.pk, gone.pk]})
    assert confirm.status_code == 200 and b"Choose the record to keep" in confirm.content
    done = admin_client.post(url, {"action": "merge", "_selected_action": [kept.pk, gone.pk], "target": kept.pk})
    assert done.status_code == 302

    kept = Event.objects.get()
    assert set(kept.articles.all()) == {first, second} and list(kept.participants.all()) == [speaker]
    assert (kept.key, kept.place) == ("round-table-2026-02-13", "Астана")
    assert kept.history.latest().history_user == admin_user
    response = client.get(reverse("archive:event_detail", args=[gone.slug]))
    assert (response.status_code, response["Location"]) == (301, kept.get_absolute_url())


def test_the_migration_is_in_step_with_the_models():
    out = io.StringIO()
    call_command("makemigrations", "archive", "--check", "--dry-run", stdout=out)
    assert Path(ROOT / "archive/migrations/0003_curation_trust.py").exists()


@pytest.mark.parametrize("number", [str(2**63), str(-(2**63) - 5), "9" * 40])
def test_a_choice_numbered_past_any_key_is_a_form_error_not_a_crash(admin_client, imported_seeds, number):
    """SQLite raises OverflowError on an integer past 64 bits: a choice posted as one is refused by the field."""
    event = Event.objects.create(title="Круглый стол", slug="kruglyi-stol", key="kruglyi-stol")
    url = reverse("admin:archive_event_change", args=[event.pk])
    form = browser_form(admin_client, url, "event_form")
    data = form.post_data(_save="Save")
    data["articles"] = [number]
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with its error
    assert "errornote" in response.content.decode()
    assert not event.articles.exists()
    data["participants"] = [number]
    data.pop("articles")
    assert admin_client.post(url, data).status_code == 200
