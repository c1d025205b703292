from django.urls import path

from court12368.portal import booking, views

urlpatterns = [
    path("", views.index, name="portal"),
    path("track/", views.track, name="portal-track"),
    path("track/<str:number>/rate/", views.rate, name="portal-rate"),
    path("faq/", views.faq, name="portal-faq"),
    path("calculators/", views.calculators, name="portal-calculators"),
    path("c/<str:code>/", views.court, name="portal-court"),
    path("c/<str:code>/case/", views.case_query, name="portal-case"),
    path("c/<str:code>/submit/", views.submit, name="portal-submit"),
    path("c/<str:code>/appointments/", booking.appointments, name="portal-appointments"),
    path("appointments/cancel/", booking.cancel, name="portal-cancel"),
]
