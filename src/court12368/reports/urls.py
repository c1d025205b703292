from django.urls import path

from court12368.reports import views

urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export.xlsx", views.ledger_export, name="ledger-export"),
    path("kpis/", views.kpi_table, name="kpis"),
    path("kpis.json", views.kpi_json, name="kpis-json"),
]
