from django.urls import path

from court12368.hotline import views

urlpatterns = [
    path("", views.console, name="console"),
    path("history/", views.history, name="caller-history"),
    path("verify/", views.verify_case, name="console-verify"),
    path("suggestion/", views.suggestion, name="call-suggestion"),
    path("send-address/", views.send_address, name="send-address"),
    path("queue/", views.queue_waiting, name="call-queue"),
    path("queue/<int:pk>/answer/", views.answer_queued, name="queue-answer"),
    path("queue/<int:pk>/transfer/", views.transfer_queued, name="queue-transfer"),
]
