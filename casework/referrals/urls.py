from django.urls import path

from casework.referrals import print_views, views

app_name = "referrals"

urlpatterns = [
    path("remisser/", views.referral_list, name="referral_list"),
    path("remisser/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("remisser/<int:pk>/svar/", views.dashboard, name="dashboard"),
    path(
        "remisser/<int:pk>/promemoria/",
        views.memorandum_create,
        name="memorandum_create",
    ),
    path(
        "promemorior/<int:pk>/",
        views.memorandum_detail,
        name="memorandum_detail",
    ),
    path(
        "promemorior/<int:pk>/redigera/",
        views.memorandum_edit,
        name="memorandum_edit",
    ),
    path(
        "promemorior/<int:pk>/dagordning/",
        views.memorandum_agenda,
        name="memorandum_agenda",
    ),
    path(
        "promemorior/<int:pk>/utskrift/",
        print_views.memorandum_print,
        name="memorandum_print",
    ),
    path(
        "promemorior/<int:pk>/pdf/",
        print_views.memorandum_pdf,
        name="memorandum_pdf",
    ),
    path(
        "tjansteutlatanden/<int:pk>/",
        views.report_detail,
        name="report_detail",
    ),
    path(
        "tjansteutlatanden/<int:pk>/utskrift/",
        print_views.report_print,
        name="report_print",
    ),
    path(
        "tjansteutlatanden/<int:pk>/pdf/",
        print_views.report_pdf,
        name="report_pdf",
    ),
]
