from django.urls import path

from court12368.cases import views

urlpatterns = [path("lookup/", views.lookup, name="case-lookup")]
