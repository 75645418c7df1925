"""Console pages for reporting: registered in urls.py under the console namespace."""

from django.urls import URLPattern, path

from .views import reporting as views

urlpatterns: list[URLPattern] = [
    path("reports/", views.ReportIndexView.as_view(), name="report-index"),
    path("reports/approvals/", views.ReportQueueView.as_view(), name="report-queue"),
    path("reports/approvals/approve/", views.ReportBulkApproveView.as_view(), name="report-approve-many"),
    path("reports/completeness/", views.ReportCompletenessView.as_view(), name="report-completeness"),
    path("reports/completeness/urge/", views.ReportUrgeView.as_view(), name="report-urge"),
    path("reports/compile/", views.ReportCompileView.as_view(), name="report-compile"),
    path("reports/dashboard/", views.ReportDashboardView.as_view(), name="report-dashboard"),
    path("reports/upload/", views.ReportUploadView.as_view(), name="report-upload"),
    path("reports/template/<int:data_set>.xlsx", views.ReportTemplateView.as_view(), name="report-template"),
    path(
        "reports/compile/export.<str:fmt>",
        views.ReportCompileExportView.as_view(),
        name="report-compile-export",
    ),
    path(
        "reports/open/<int:data_set>/<str:unit>/<str:period>/",
        views.ReportOpenView.as_view(),
        name="report-open",
    ),
    path("reports/<int:pk>/", views.ReportFormView.as_view(), name="report-form"),
    path("reports/<int:pk>/approve/", views.ReportApproveView.as_view(), name="report-approve"),
    path("reports/<int:pk>/return/", views.ReportReturnView.as_view(), name="report-return"),
    path("reports/<int:pk>/reopen/", views.ReportReopenRequestView.as_view(), name="report-reopen"),
    path(
        "reports/<int:pk>/reopen/decide/",
        views.ReportReopenDecideView.as_view(),
        name="report-reopen-decide",
    ),
    path("reports/<int:pk>/refresh/", views.ReportRefreshView.as_view(), name="report-refresh"),
    path("reports/<int:pk>/keep-open/", views.ReportKeepOpenView.as_view(), name="report-keep-open"),
    path(
        "reports/<int:pk>/evidence/<int:evidence>/",
        views.EvidenceFileView.as_view(),
        name="report-evidence",
    ),
]
