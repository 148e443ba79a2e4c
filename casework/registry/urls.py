from django.urls import path

from casework.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("handlingar/<int:pk>/", views.document_detail, name="document_detail"),
]
