from django.urls import path

from . import downloads, redirects, views

app_name = "archive"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("articles/", views.article_list_view, name="article_list"),
    path("search/", views.search_view, name="search"),
    path("articles/<int:pk>/", views.article_detail_view, name="article_detail"),
    path("articles/<int:pk>/cite/<str:fmt>/", downloads.article_citation_view, name="article_citation"),
    path("opensearch.xml", downloads.opensearch_view, name="opensearch"),
    path("people/", views.person_list_view, name="person_list"),
    path("organisations/", views.organisation_list_view, name="organisation_list"),
    path("events/", views.event_list_view, name="event_list"),
    path("people/<str:slug>/", redirects.person_detail_view, name="person_detail"),
    path("organisations/<str:slug>/", redirects.organisation_detail_view, name="organisation_detail"),
    path("events/<str:slug>/", redirects.event_detail_view, name="event_detail"),
    path("healthz", views.healthz, name="healthz"),
]
