from django.urls import path

from casework.publicity.views import public, staff

app_name = "publicity"

urlpatterns = [
    # open to everyone, without logging in
    path("begaran/", public.request_create, name="request_create"),
    path("begaran/<str:reference>/", public.request_receipt, name="request_receipt"),
    path(
        "offentliga-handlingar/<int:pk>/",
        public.public_document,
        name="public_document",
    ),
    path(
        "offentliga-handlingar/bilagor/<int:pk>/",
        public.public_attachment,
        name="public_attachment",
    ),
    path(
        "publicerade-protokoll/<int:pk>/",
        public.published_minutes,
        name="published_minutes",
    ),
    # the registrars' requests
    path("begaranden/", staff.request_list, name="request_list"),
    path("begaranden/<int:pk>/", staff.request_detail, name="request_detail"),
    path("begaranden/<int:pk>/bedom/", staff.request_assess, name="request_assess"),
    path("begaranden/<int:pk>/svara/", staff.request_answer, name="request_answer"),
    path(
        "begaranden/<int:pk>/begart-beslut/",
        staff.request_decision_asked,
        name="request_decision_asked",
    ),
    path("begaranden/<int:pk>/beslut/", staff.request_decide, name="request_decide"),
    # masked copies and publication of a document
    path(
        "handlingar/<int:pk>/maskera/",
        staff.rendition_create,
        name="rendition_create",
    ),
    path(
        "maskerade-kopior/<int:pk>/",
        staff.rendition_detail,
        name="rendition_detail",
    ),
    path(
        "handlingar/<int:pk>/publicera/",
        staff.document_publish,
        name="document_publish",
    ),
    path(
        "handlingar/<int:pk>/avpublicera/",
        staff.document_withdraw,
        name="document_withdraw",
    ),
    # a paragraph with secret information, masked when the minutes are published
    path(
        "punkter/<int:pk>/sekretess/",
        staff.paragraph_secrecy,
        name="paragraph_secrecy",
    ),
    path(
        "punkter/<int:pk>/sekretess/upphav/",
        staff.paragraph_unmark,
        name="paragraph_unmark",
    ),
]
