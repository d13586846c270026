from django.urls import path

from . import downloads, keeping, redirects, views

app_name = "archive"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("articles/", views.article_list_view, name="article_list"),
    path("search/", views.search_view, name="search"),
    path("help/", views.help_view, name="help"),
    path("language/<str:code>/", views.language_view, name="language"),
    path("saved/", keeping.saved_search_list, name="saved_searches"),
    path("saved/<int:pk>/delete/", keeping.saved_search_delete, name="saved_search_delete"),
    path("saved/<int:pk>/new-feed/", keeping.saved_search_new_feed, name="saved_search_new_feed"),
    path("feeds/saved/<str:token>/", keeping.saved_search_feed, name="saved_search_feed"),
    path("collections/", keeping.collection_list, name="collections"),
    path("collections/<int:pk>/", keeping.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/delete/", keeping.collection_delete, name="collection_delete"),
    path("collections/add/<int:article_id>/", keeping.collection_add, name="collection_add"),
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
