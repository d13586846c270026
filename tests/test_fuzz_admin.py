"""Fuzz: the admin's add and change forms of every registered model, posted by a signed-in superuser with generated
values (each field kept as the form had it, or replaced by a generated one): never a 5xx, never a generated marker
reflected unescaped. Counts: tests/artifacts/fuzz-summary.json.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzz_support import Tally, values
from .hypothesis_profiles import PROFILE
from .test_curation_trust import BrowserForm

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]
TALLY = Tally()
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)  # _registry: Django's public-enough map


def form_urls(model) -> list[str]:
    info = model._meta.app_label, model._meta.model_name
    urls = []
    try:
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_add"))
    except NoReverseMatch:
        pass
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[first.pk]))
    return urls


def test_every_admin_form_with_generated_values_never_fails_nor_reflects(admin_client, imported_seeds):
    urls = [url for model in MODELS for url in form_urls(model)]
    assert any("/archive/article/" in url for url in urls) and any("/archive/person/" in url for url in urls)

    @settings(settings.get_profile(PROFILE), suppress_health_check=list(HealthCheck),
              max_examples=settings.get_profile(PROFILE).max_examples // 2)
    @given(url=st.sampled_from(urls), data=st.data())
    def check(url: str, data) -> None:
        # Drawn first and the same way whatever the pages hold (earlier examples change the database, so a page
        # or its fields can differ when Hypothesis replays an example): indexes into the fields, not a choice.
        picks = data.draw(st.lists(st.tuples(st.integers(0, 1 << 16), values), max_size=4))
        TALLY.examples += 1
        page = admin_client.get(url)
        TALLY.saw("GET", url, page)
        if page.status_code != 200:
            return
        form = BrowserForm(next((f for f in ("article_form", "person_form") if f'id="{f}"' in page.content.decode()),
                                _form_id(page.content.decode())))  # fmt: skip
        form.feed(page.content.decode())
        fields = sorted({name for name, _ in form.data if name not in ("csrfmiddlewaretoken",)})
        changed = {fields[index % len(fields)]: value for index, value in picks} if fields else {}
        response = admin_client.post(url, form.post_data(**changed, _save="Save"))
        TALLY.saw("POST", f"{url} {changed}", response)

    try:
        check()
    finally:
        TALLY.write("admin_forms")
    assert TALLY.server_errors == 0, TALLY.findings
    assert TALLY.unescaped_reflections == 0, TALLY.findings


@pytest.mark.parametrize("model, field", [("article", "person_mentions-0-person"), ("event", "articles"),
                                          ("personmention", "person")])
def test_a_non_number_posted_to_an_autocomplete_field_is_a_form_error_not_a_500(admin_client, imported_seeds,
                                                                             model, field):  # fmt: skip
    from django.apps import apps

    url = form_urls(apps.get_model("archive", model))[-1]
    page = admin_client.get(url)
    form = BrowserForm(_form_id(page.content.decode()))
    form.feed(page.content.decode())
    response = admin_client.post(url, form.post_data(**{field: "<x-fuzz-1>"}, _save="Save"))
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()  # the form is shown again with its error
    assert b"<x-fuzz-1>" not in response.content


def _form_id(html: str) -> str:
    """The admin's model form: <form … id="<model>_form">."""
    import re

    found = re.search(r'<form[^>]*id="([a-z_]+_form)"', html)
    return found.group(1) if found else ""
