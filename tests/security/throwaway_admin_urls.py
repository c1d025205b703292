"""The real routes plus a copy of the real admin site with one page registered after start-up, as a library
or a later change would add one: the role matrix checks that a court's administrator is refused it."""

from django.contrib import admin
from django.urls import path

from court12368.hotline.models import Call
from court12368.urls import urlpatterns as real_routes

site = admin.AdminSite(name="throwaway")
site._registry.update(admin.site._registry)  # every real page, so the site's own templates render
site.register(Call)  # a plain ModelAdmin: none of our scoping, only Django's permission checks

urlpatterns = [path("throwaway/", site.urls), *real_routes]
