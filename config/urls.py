from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Qujat curation"
admin.site.site_title = "Qujat"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]
