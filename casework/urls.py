from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("casework.registry.urls")),
    path("", include("casework.meetings.urls")),
    path("", include("casework.referrals.urls")),
    path("", include("casework.audit.urls")),
    path("", include("casework.publicity.urls")),
    path("", include("casework.signin.urls")),
    path("uppgifter/", include("workflows.desk.urls")),
]
# The stored files (MEDIA_ROOT) are never served by URL, in any mode: an
# attachment comes only through ``registry:attachment_download``, which checks
# access and logs reads of confidential files.
