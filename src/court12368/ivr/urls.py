from django.urls import path

from court12368.ivr import views

urlpatterns = [
    path("queue/", views.queue, name="call-queue"),
    path("queue/<int:pk>/answer/", views.answer, name="queue-answer"),
]
