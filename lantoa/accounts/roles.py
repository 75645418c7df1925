"""The roles of Lan Tỏa and what each may do. The one table that decides permission.

A role is held in a unit, optionally over its whole subtree. Permission codes are
stable `"app.name"` strings; services and selectors ask `lantoa.core.access` for them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Unit officer")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    FIELD = "field", _("Field worker")
    ORGANISER = "organiser", _("Organiser")
    VIEWER = "viewer", _("Viewer")


# Every permission a role can carry, with what it lets a person do.
PERMISSIONS: dict[str, str] = {
    "console.access": "Open the staff console",
    "org.manage": "Create, edit, move, retire and import units",
    "org.audiences": "Edit the audience groups",
    "accounts.manage_users": "Create people and grant roles within the unit",
    "accounts.view_users": "See the people of the unit and their roles",
    "audit.view": "Read and filter the audit trail",
    "audit.export": "Export the audit trail",
    "plans.manage": "Plan campaigns and their indicators",
    "assignments.assign": "Give tasks to units and urge them on",
    "assignments.report": "Act on the unit's tasks and report them done",
    "reporting.enter": "Enter the unit's report values",
    "reporting.approve": "Approve the unit's reports",
    "reporting.compile": "Compile results across units",
    "content.edit": "Write content and its variants",
    "content.approve": "Approve content",
    "assignments.field_report": "Report from the field",
    "events.organise": "Organise events, surveys and awards",
    "reporting.view": "See dashboards and reports",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(PERMISSIONS),
    Role.COORDINATOR: frozenset(
        {
            "console.access",
            "org.audiences",
            "accounts.view_users",
            "audit.view",
            "audit.export",
            "plans.manage",
            "assignments.assign",
            "reporting.approve",
            "reporting.compile",
            "reporting.view",
        }
    ),
    Role.OFFICER: frozenset(
        {"console.access", "assignments.report", "reporting.enter", "accounts.view_users"}
    ),
    Role.EDITOR: frozenset({"console.access", "content.edit"}),
    Role.APPROVER: frozenset(
        {
            "console.access",
            "content.approve",
            "reporting.approve",
            "accounts.manage_users",
            "accounts.view_users",
            "reporting.view",
        }
    ),
    Role.FIELD: frozenset({"console.access", "assignments.field_report", "assignments.report"}),
    Role.ORGANISER: frozenset({"console.access", "events.organise", "reporting.view"}),
    Role.VIEWER: frozenset({"console.access", "reporting.view"}),
}

# Roles a unit head (holder of accounts.manage_users but not an administrator) may grant.
GRANTABLE_BY_UNIT_HEADS = frozenset({Role.OFFICER, Role.EDITOR, Role.FIELD, Role.VIEWER, Role.APPROVER})
