from django.urls import path, re_path

from casework.audit import views

app_name = "audit"

urlpatterns = [
    path("granskning/historik/", views.history, name="history"),
    re_path(
        r"^granskning/historik/export\.(?P<fmt>csv|json)$",
        views.history_export,
        name="history_export",
    ),
    path(
        "granskning/historik/<slug:record>/<int:pk>/",
        views.record_history,
        name="record_history",
    ),
    path(
        "granskning/arenden/<int:pk>/tidslinje/", views.case_timeline, name="timeline"
    ),
]
