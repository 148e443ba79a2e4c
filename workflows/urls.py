from django.urls import include, path

from workflows import views
from workflows.meeting import MeetingFlow

app_name = "workflows"

flow_urls, flow_app, flow_namespace = MeetingFlow.instance.urls

urlpatterns = [
    path("moten/", views.meeting_tasks, name="meeting_tasks"),
    path("moten/", include((flow_urls, flow_app), namespace=flow_namespace)),
]
