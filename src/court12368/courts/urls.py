from django.urls import path

from court12368.courts import views

urlpatterns = [
    path("", views.home, name="home"),
]
