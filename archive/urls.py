from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.article_list_view, name="article_list"),
    path("search/", views.search_view, name="search"),
    path("articles/<int:pk>/", views.article_detail_view, name="article_detail"),
    path("people/<str:slug>/", views.person_detail_view, name="person_detail"),
    path("organisations/<str:slug>/", views.organisation_detail_view, name="organisation_detail"),
    path("events/<str:slug>/", views.event_detail_view, name="event_detail"),
    path("healthz", views.healthz, name="healthz"),
]
