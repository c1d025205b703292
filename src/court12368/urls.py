from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from court12368.api.api import api
from court12368.core import views as core_views
from court12368.core.admin_scope import confine_other_programs

admin.site.site_header = _("12368 Litigation Service Platform — administration")
admin.site.site_title = _("12368 administration")
admin.site.index_title = _("Configuration")
confine_other_programs(admin.site)  # every app's admin is registered by now

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("metrics", core_views.metrics, name="metrics"),
    path("cases/", include("court12368.cases.urls")),
    path("console/", include("court12368.hotline.urls")),
    path("orders/", include("court12368.workorders.urls")),
    path("knowledge/", include("court12368.knowledge.urls")),
    # One prefix, two apps: the outbox's delivery reports and the SMS channel's incoming texts and inbox
    # (the gateway is configured with these paths).
    path("sms/", include("court12368.notifications.urls")),
    path("sms/", include("court12368.sms.urls")),
    path("wechat/", include("court12368.wechat.urls")),  # the official accounts' message callback
    path("appointments/", include("court12368.appointments.urls")),
    path("reports/", include("court12368.reports.urls")),
    path("portal/", include("court12368.portal.urls")),
    path("", include("court12368.courts.urls")),
]

handler403 = "court12368.core.errors.permission_denied"
handler404 = "court12368.core.errors.not_found_handler"

handler500 = "court12368.core.errors.server_error"
