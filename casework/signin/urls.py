from django.urls import path

from casework.signin import views

app_name = "signin"

urlpatterns = [
    path("konto/sparrar/", views.lockout_list, name="lockouts"),
    path("konto/sparrar/<int:pk>/las-upp/", views.unlock, name="unlock"),
]
