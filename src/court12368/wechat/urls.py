from django.urls import path

from court12368.wechat import views

urlpatterns = [
    # The URL entered in the WeChat admin console ends with the account's AppID: ASCII, and unique.
    path("<str:app_id>/", views.callback, name="wechat-callback"),
]
