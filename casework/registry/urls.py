from django.urls import path

from casework.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("arenden/ny/", views.case_create, name="case_create"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/handlaggare/", views.case_assign, name="case_assign"),
    path("arenden/<int:pk>/avsluta/", views.case_close, name="case_close"),
    path(
        "arenden/<int:pk>/handlingar/ny/",
        views.document_create,
        name="document_create",
    ),
    path("handlingar/<int:pk>/", views.document_detail, name="document_detail"),
    path(
        "handlingar/<int:pk>/versioner/<int:number>/",
        views.document_version,
        name="document_version",
    ),
    path(
        "handlingar/<int:pk>/revidera/",
        views.document_revise,
        name="document_revise",
    ),
    path(
        "handlingar/<int:pk>/gor-allman/",
        views.document_make_official,
        name="document_make_official",
    ),
    path(
        "handlingar/<int:pk>/bilagor/ny/",
        views.attachment_add,
        name="attachment_add",
    ),
    path(
        "handlingar/<int:pk>/sekretess/ny/",
        views.document_mark_confidential,
        name="document_mark_confidential",
    ),
    path("bilagor/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("sekretess/<int:pk>/upphav/", views.marking_lift, name="marking_lift"),
]
