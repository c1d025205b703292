from django.urls import path

from court12368.courts import otp_views, roster_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/second-factor/", otp_views.setup, name="second-factor-setup"),
    path("account/second-factor/verify/", otp_views.verify, name="second-factor-verify"),
    path("duty-roster/", roster_views.duty_roster, name="duty-roster"),
]
