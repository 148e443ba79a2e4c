from django.urls import path

from casework.referrals import views

app_name = "referrals"

urlpatterns = [
    path("remisser/", views.referral_list, name="referral_list"),
    path("remisser/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("remisser/<int:pk>/svar/", views.dashboard, name="dashboard"),
    path(
        "tjansteutlatanden/<int:pk>/",
        views.report_detail,
        name="report_detail",
    ),
    path(
        "tjansteutlatanden/<int:pk>/utskrift/",
        views.report_print,
        name="report_print",
    ),
]
