from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Qujat curation"
admin.site.site_title = "Qujat"

# Translated pages that never query the database (archive/failure.py); a database outage answers 503.
handler404 = "archive.failure.page_not_found"
handler500 = "archive.failure.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Plain accounts for researchers (staff create them in the admin): saved searches and collections.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("archive.urls")),
]
