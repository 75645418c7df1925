from django.urls import path

from . import (
    urls_assignments,
    urls_content,
    urls_kits,  # briefing kits of content items
    urls_media,  # the content hub's media library
    urls_notify,
    urls_plans,
    urls_renditions,
    urls_reporting,
)
from .views.audiences import AudienceFormView, AudienceIndexView
from .views.audit import AuditExportView, AuditIndexView
from .views.language import LanguageView
from .views.people import (
    PeopleIndexView,
    PersonCreateView,
    PersonDetailsView,
    PersonDetailView,
    PersonPasswordLinkView,
    RoleRevokeView,
)
from .views.plan_print import PlanDocxView, PlanPdfView
from .views.plans import (
    PlanApproveView,
    PlanCopyView,
    PlanDetailView,
    PlanFormView,
    PlanIndexView,
)
from .views.units import UnitDetailView, UnitExportView, UnitFormView, UnitImportView, UnitIndexView

app_name = "console"

urlpatterns = [
    path("units/", UnitIndexView.as_view(), name="unit-index"),
    path("units/new/", UnitFormView.as_view(), name="unit-create"),
    path("units/import/", UnitImportView.as_view(), name="unit-import"),
    path("units/export.csv", UnitExportView.as_view(), name="unit-export"),
    path("units/<int:pk>/", UnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/edit/", UnitFormView.as_view(), name="unit-edit"),
    path("audiences/", AudienceIndexView.as_view(), name="audience-index"),
    path("audiences/new/", AudienceFormView.as_view(), name="audience-create"),
    path("audiences/<int:pk>/", AudienceFormView.as_view(), name="audience-edit"),
    path("people/", PeopleIndexView.as_view(), name="people-index"),
    path("people/new/", PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", PersonDetailsView.as_view(), name="person-edit"),
    path("people/<int:pk>/password-link/", PersonPasswordLinkView.as_view(), name="person-password-link"),
    path("people/roles/<int:pk>/revoke/", RoleRevokeView.as_view(), name="role-revoke"),
    path("audit/", AuditIndexView.as_view(), name="audit-index"),
    path("audit/export.<str:fmt>", AuditExportView.as_view(), name="audit-export"),
    path("plans/", PlanIndexView.as_view(), name="plan-index"),
    path("plans/new/", PlanFormView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", PlanFormView.as_view(), name="plan-edit"),
    path("plans/<int:pk>/copy/", PlanCopyView.as_view(), name="plan-copy"),
    path("plans/<int:pk>/approve/", PlanApproveView.as_view(), name="plan-approve"),
    path("plans/<int:pk>/plan.pdf", PlanPdfView.as_view(), name="plan-pdf"),
    path("plans/<int:pk>/plan.docx", PlanDocxView.as_view(), name="plan-docx"),
    path("language/", LanguageView.as_view(), name="language"),
    *urls_plans.urlpatterns,
    *urls_assignments.urlpatterns,
    *urls_notify.urlpatterns,
    *urls_reporting.urlpatterns,
    *urls_content.urlpatterns,
    *urls_kits.urlpatterns,
    *urls_media.urlpatterns,
    *urls_renditions.urlpatterns,
]
