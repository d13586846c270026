"""Pages: views validate input, call a FilterSet or a query function, and render."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import downloads, replicas, search, selectors
from .charts import chart_for
from .entity_json import entity_as_json
from .exports import citation, original_url, page_as_json
from .filters import ArticleFilter, EventFilter, OrganisationFilter, PersonFilter
from .forms import SearchForm
from .jump import jump_to_hit
from .models import Article, Event, ExtractionStatus, Organisation, Person
from .ratelimit import rate_limited
from .search_pages import UNAVAILABLE, cached_search_response, facet_groups, filter_chips
from .search_pages import unavailable as _unavailable

SORT_CHOICES = [("relevance", gettext_lazy("relevance")), ("date", gettext_lazy("newest")),
                ("oldest", gettext_lazy("oldest"))]


def home_view(request: HttpRequest) -> HttpResponse:
    chart = chart_for(request, search.SearchRequest(), share=False)  # every article matches: no share to show
    return render(request, "archive/home.html", selectors.archive_overview() | {"chart": chart})


class ArticleListView(FilterView):
    filterset_class = ArticleFilter
    queryset = Article.objects.select_related("source").newest_first()
    template_name = "archive/article_list.html"
    context_object_name = "articles"
    paginate_by = 25


class ArticleDetailView(DetailView):
    queryset = Article.objects.select_related("source").prefetch_related(
        "person_mentions__person", "organisation_mentions__organisation", "quotes__speaker", "events"
    )
    template_name = "archive/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        visible = ~Q(status=ExtractionStatus.REJECTED)
        permalink = self.request.build_absolute_uri(self.object.get_absolute_url())
        copies, copy_count = selectors.copies_of(self.object)
        return super().get_context_data(**kwargs) | {
            "original_url": original_url(self.object),  # only a safe http(s) address becomes a link
            "citation": citation(self.object, permalink, accessed=timezone.localdate()),
            "people": self.object.person_mentions.filter(visible).select_related("person"),
            "organisations": self.object.organisation_mentions.filter(visible).select_related("organisation"),
            "quotes": self.object.quotes.filter(visible).select_related("speaker"),
            "related": selectors.related_coverage(self.object),
            "copies": copies,
            "copy_count": copy_count,
        } | jump_to_hit(self.request.GET, self.object)


class ProfileDetailView(DetailView):
    """A person, organisation or event with what the selectors module gathers about it."""

    profile = None  # a function of the object returning extra context
    facet = ""  # the search facet whose value is the object's slug: the coverage chart's filter

    def get_context_data(self, **kwargs):
        chart = chart_for(self.request, search.SearchRequest(filters={self.facet: (self.object.slug,)}))
        return super().get_context_data(**kwargs) | type(self).profile(self.object) | {"chart": chart}

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") == "json":  # the read-only entity API (README, /help/)
            return JsonResponse(entity_as_json(self.request, self.object, context),
                                json_dumps_params={"ensure_ascii": False})
        return super().render_to_response(context, **response_kwargs)


class PersonDetailView(ProfileDetailView):
    queryset = Person.objects.prefetch_related("aliases")
    template_name = "archive/person_detail.html"
    context_object_name = "person"
    profile = selectors.person_profile
    facet = "person"


class OrganisationDetailView(ProfileDetailView):
    queryset = Organisation.objects.prefetch_related("aliases")
    template_name = "archive/organisation_detail.html"
    context_object_name = "organisation"
    profile = selectors.organisation_profile
    facet = "organisation"


class EventDetailView(ProfileDetailView):
    model = Event
    template_name = "archive/event_detail.html"
    context_object_name = "event"
    profile = selectors.event_profile
    facet = "event"


def _by_article_count(model):
    """People or organisations, the most written about first (rejected mentions do not count)."""
    counted = Count("mentions__article", filter=~Q(mentions__status=ExtractionStatus.REJECTED), distinct=True)
    return model.objects.annotate(article_count=counted).order_by("-article_count", "name")


class EntityListView(FilterView):
    """A filterable list of people, organisations or events with how many articles each has."""

    template_name = "archive/entity_list.html"
    paginate_by = 50


class PersonListView(EntityListView):
    filterset_class = PersonFilter
    queryset = _by_article_count(Person)
    extra_context = {"heading": gettext_lazy("People"), "kind": "person"}


class OrganisationListView(EntityListView):
    filterset_class = OrganisationFilter
    queryset = _by_article_count(Organisation)
    extra_context = {"heading": gettext_lazy("Organisations"), "kind": "organisation"}


class EventListView(EntityListView):
    filterset_class = EventFilter
    queryset = Event.objects.annotate(article_count=Count("articles", distinct=True)).order_by(
        F("starts_on").desc(nulls_last=True), "title"
    )
    extra_context = {"heading": gettext_lazy("Events"), "kind": "event"}


def search_bucket(request: HttpRequest) -> str:
    """Which per-client limit a search request counts against: its feed, its file exports, or its pages."""
    fmt = request.GET.get("format", "")
    if fmt == "atom":
        return "feed"
    return "export" if fmt in downloads.SEARCH_FORMATS else "search"


@rate_limited(search_bucket)  # before the cached copy: a cache hit is still a request
def search_view(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()  # invalid fields are reported and left out; the rest still searches
    search_request = form.search_request()
    if form.output_format in downloads.SEARCH_FORMATS:
        return downloads.search_export(request, form, search_request)
    return cached_search_response(request, lambda: _search_response(request, form, search_request))


def _search_response(request: HttpRequest, form: SearchForm, search_request) -> tuple[HttpResponse, bool]:
    page = search.search(search_request)
    shown = str(UNAVAILABLE) if page.unavailable else page.message
    messages = form.error_messages() + ([shown] if page.message else [])
    if form.output_format == "json":
        data = page_as_json(request, page)
        data["message"] = " ".join(messages)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    else:
        context = {"form": form, "page": page, "messages_shown": messages, "search_url": reverse("archive:search"),
                   "facet_groups": facet_groups(request.GET, page.facets, page.facets_more),
                   "chips": filter_chips(request.GET, page.facets), "sort_choices": SORT_CHOICES,
                   "chart": chart_for(request, search_request, coverage=page.coverage, computed=True)}
        response = render(request, "archive/search.html", context)
    return (_unavailable(response), False) if page.unavailable else (response, page.cacheable)


def language_view(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the interface language (a link on every page, no form: the cached pages carry no CSRF token), remember
    it in a cookie, and go back to the page it was chosen on."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("archive:home")
    response = HttpResponseRedirect(back)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, secure=settings.LANGUAGE_COOKIE_SECURE,
                        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


HELP_TITLES = {"kk": "Қалай іздеу керек", "ru": "Как искать", "en": "How to search"}
HELP_LANGUAGES_LABEL = {"kk": "Тіл", "ru": "Язык", "en": "Language"}


def help_view(request: HttpRequest) -> HttpResponse:
    """The query language in Kazakh, Russian and English: `?lang=`, else the interface's language."""
    asked = request.GET.get("lang", "")
    interface = (get_language() or "").split("-")[0]
    language = next(code for code in (asked, interface, "kk") if code in HELP_TITLES)
    return render(request, "archive/help.html", {
        "help_language": language, "help_title": HELP_TITLES[language], "help_languages": settings.LANGUAGES,
        "languages_label": HELP_LANGUAGES_LABEL[language], "help_template": f"archive/help/_{language}.html",
    })


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For the container health check and monitoring: the database answers, and the search index is present,
    readable, of this version and in step with it. 503 names the failing part."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return _unavailable(JsonResponse({"status": "failing", "failing": "database", "database": str(exc)[:200]}))
    index = search.index_health()
    body = {"status": "ok" if index.ok else "failing", "database": "ok", "index": index.as_dict()}
    if replicas.replica_aliases():  # a replica down or lagging is not a failure: reads fall back to the primary
        body["replicas"] = replicas.replicas_status()
    if not index.ok:
        body["failing"] = "index"
        return _unavailable(JsonResponse(body))
    return JsonResponse(body)


article_list_view = ArticleListView.as_view()
article_detail_view = ArticleDetailView.as_view()
person_detail_view = PersonDetailView.as_view()
person_list_view = PersonListView.as_view()
organisation_list_view = OrganisationListView.as_view()
event_list_view = EventListView.as_view()
organisation_detail_view = OrganisationDetailView.as_view()
event_detail_view = EventDetailView.as_view()
