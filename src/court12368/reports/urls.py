from django.urls import path

from court12368.reports import circular_views, dashboard_views, export_views, views

urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export.xlsx", views.ledger_export, name="ledger-export"),
    path("ledger/exports/<int:pk>/", export_views.export_status, name="ledger-export-status"),
    path("ledger/exports/<int:pk>/file", export_views.export_download, name="ledger-export-download"),
    path("kpis/", views.kpi_table, name="kpis"),
    path("kpis.json", views.kpi_json, name="kpis-json"),
    path("assessment/", views.assessment, name="assessment"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard/red-board/", dashboard_views.red_board, name="dashboard-red-board"),
    path("dashboard/data.json", dashboard_views.dashboard_json, name="dashboard-json"),
    path("hotspots/", views.hotspot_page, name="hotspots"),
    path("circulars/", circular_views.circular_list, name="circulars"),
    path("circulars/generate/", circular_views.circular_generate, name="circular-generate"),
    path("circulars/<int:pk>/", circular_views.circular_detail, name="circular-detail"),
    path(
        "circulars/<int:pk>/download.<str:kind>",
        circular_views.circular_download,
        name="circular-download",
    ),
]
