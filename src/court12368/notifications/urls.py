from django.urls import path

from court12368.notifications import views

urlpatterns = [
    path("kannel/dlr/", views.kannel_dlr, name="kannel-dlr"),
]
