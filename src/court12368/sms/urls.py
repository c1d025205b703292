from django.urls import path

from court12368.sms import views

urlpatterns = [
    path("kannel/inbound/", views.kannel_inbound, name="kannel-inbound"),
    path("inbox/", views.sms_inbox, name="sms-inbox"),
    path("inbox/<int:pk>/", views.sms_handle, name="sms-handle"),
]
