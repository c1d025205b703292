from django.urls import path

from court12368.appointments import views

urlpatterns = [path("", views.upcoming, name="appointments")]
