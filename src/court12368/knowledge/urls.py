from django.urls import path

from court12368.knowledge import views

urlpatterns = [
    path("search/", views.search, name="knowledge-search"),
    path("calculators/", views.calculators, name="calculators"),
]
