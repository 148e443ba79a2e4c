"""The task pages of the referral and response flows: /uppgifter/…"""

from django.urls import path

from workflows.desk import views

app_name = "tasks"

urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("att-ta/", views.claimable, name="claimable"),
    path("<int:pk>/", views.task_page, name="task"),
    path("<int:pk>/ta/", views.take, name="take"),
    path("<int:pk>/slapp/", views.release, name="release"),
    path("<int:pk>/anstand/", views.ask_for_extension, name="extension"),
    path("<int:pk>/avsta/", views.decline, name="decline"),
    path("remiss/<int:case_pk>/", views.prepare, name="prepare_referral"),
]
