"""Every staff URL and API endpoint × every role: allowed, forbidden or not visible.

The expectations are written out here, not derived from `lantoa.accounts.roles`, so that
loosening a permission there makes this test fail until the table is changed on purpose.
"""

from django.test import Client
from django.urls import reverse

ROLES = ["admin", "coordinator", "officer", "editor", "approver", "field", "organiser", "viewer"]
A, F, H, L = "allowed", "forbidden", "hidden", "login"  # hidden: 404, the thing is not shown to this role
ALL = dict.fromkeys(ROLES, A)


def only(*allowed: str, otherwise: str = F, **special: str) -> dict[str, str]:
    return {role: special.get(role, A if role in allowed else otherwise) for role in ROLES}


def demo_plan() -> int:
    """The demo plan (179/KH-UBND) that `load_demo` loads: its id differs between databases."""
    from lantoa.plans.models import Plan

    return Plan.objects.get(code="179/KH-UBND").pk


def demo_indicator() -> tuple[int, int]:
    from lantoa.plans.models import Indicator

    indicator = Indicator.objects.get(plan__code="179/KH-UBND", code="TD-01")
    return indicator.plan_id, indicator.pk


# The section pages of a plan: URL name prefix, and the related name of the demo plan's rows.
PLAN_SECTIONS = [
    ("objective", "objectives"),
    ("insight", "insights"),
    ("theme", "themes"),
    ("channel", "channels"),
    ("milestone", "milestones"),
    ("responsibility", "responsibilities"),
    ("budget-line", "budget_lines"),
    ("indicator", "indicators"),
]


def demo_part(rows: str) -> tuple[int, int]:
    """The demo plan's first row of a section: (plan id, row id)."""
    from lantoa.plans.models import Plan

    plan = Plan.objects.get(code="179/KH-UBND")
    return plan.pk, getattr(plan, rows).order_by("pk").first().pk


def plan_section_pages() -> list:
    pages = []
    for name, rows in PLAN_SECTIONS:
        pages += [
            (
                f"{name} create",
                lambda ids, name=name: reverse(f"console:{name}-create", args=[demo_plan()]),
                only("admin", "coordinator"),
            ),
            (
                f"{name} edit",
                lambda ids, name=name, rows=rows: reverse(f"console:{name}-edit", args=demo_part(rows)),
                only("admin", "coordinator"),
            ),
            (
                f"{name} delete",
                lambda ids, name=name, rows=rows: reverse(f"console:{name}-delete", args=demo_part(rows)),
                only("admin", "coordinator"),
            ),
        ]
    return pages


def demo_task() -> int:
    """Phường Hoàn Kiếm's banner task, returned with a reason, that `load_demo` loads."""
    from lantoa.assignments.models import UnitTask

    return UnitTask.objects.get(unit__code="00070", assignment__title__startswith="Treo băng rôn").pk


def demo_assignment() -> int:
    from lantoa.assignments.models import Assignment

    return Assignment.objects.get(title__startswith="Treo băng rôn").pk


# Acting on tasks: the unit's focal officers and field workers (`assignments.report`, Phường Hoàn Kiếm).
# Coordinating them: coordinators and administrators (`assignments.assign`). The others do not see a task.
TASK_PEOPLE = only("admin", "coordinator", "officer", "field", otherwise=H)
COORDINATORS = only("admin", "coordinator")
TASK_PAGES = [
    ("tasks inbox", lambda ids: reverse("console:task-index"), only("admin", "officer", "field")),
    ("task (Hoàn Kiếm)", lambda ids: reverse("console:task-detail", args=[demo_task()]), TASK_PEOPLE),
    ("assignments", lambda ids: reverse("console:assignment-index"), COORDINATORS),
    ("assign a task", lambda ids: reverse("console:assignment-create"), COORDINATORS),
    ("assignment", lambda ids: reverse("console:assignment-detail", args=[demo_assignment()]), COORDINATORS),
    (
        "assignment edit",
        lambda ids: reverse("console:assignment-edit", args=[demo_assignment()]),
        COORDINATORS,
    ),
    ("task board", lambda ids: reverse("console:assignment-board"), COORDINATORS),
    ("urge", lambda ids: reverse("console:assignment-urge") + f"?unit={ids['00070']}", COORDINATORS),
]


def demo_content_item(title: str) -> int:
    """A demo content item (lantoa/content/demo_items.py) by the start of its title."""
    from lantoa.content.models import ContentItem

    return ContentItem.objects.get(title__startswith=title).pk


def demo_content_variant() -> tuple[int, int]:
    from lantoa.content.models import ContentVariant

    variant = ContentVariant.objects.get(item__title__startswith="Cảnh giác", audience__code="nhan-dan")
    return variant.item_id, variant.pk


# Content items: read by those who write (`content.edit`) or approve (`content.approve`) content; written
# by editors. Approving is a button on the item page (POST), not a page of its own.
CONTENT_READERS = only("admin", "editor", "approver")
CONTENT_WRITERS = only("admin", "editor")
CONTENT_PAGES = [
    ("content items", lambda ids: reverse("console:content-item-index"), CONTENT_READERS),
    ("content item create", lambda ids: reverse("console:content-item-create"), CONTENT_WRITERS),
    (
        "content item (approved)",
        lambda ids: reverse("console:content-item-detail", args=[demo_content_item("Bình dân học vụ số")]),
        CONTENT_READERS,
    ),
    (
        "content item edit (draft)",
        lambda ids: reverse("console:content-item-edit", args=[demo_content_item("Cảnh giác")]),
        CONTENT_WRITERS,
    ),
    (
        "content variant edit",
        lambda ids: reverse("console:content-variant-edit", args=demo_content_variant()),
        CONTENT_WRITERS,
    ),
    (
        "content version diff",
        lambda ids: reverse("console:content-version-diff", args=[demo_content_item("Bình dân học vụ số")]),
        CONTENT_READERS,
    ),
    (
        "briefing kits",
        lambda ids: reverse("console:content-kits", args=[demo_content_item("Bình dân học vụ số")]),
        CONTENT_READERS,
    ),
    (
        "briefing kit create",
        lambda ids: reverse("console:content-kit-create", args=[demo_content_item("Bình dân học vụ số")]),
        CONTENT_WRITERS,
    ),
    ("media library", lambda ids: reverse("console:media-index"), CONTENT_READERS),
    ("media upload", lambda ids: reverse("console:media-upload"), CONTENT_WRITERS),
]


# name, how to build the path, expectations by role (anonymous: console pages → login, API → 401)
MATRIX = [
    ("console home", lambda ids: reverse("wagtailadmin_home"), ALL),
    ("unit directory", lambda ids: reverse("console:unit-index"), ALL),
    ("unit search", lambda ids: reverse("console:unit-index") + "?q=hoan+kiem", ALL),
    ("unit detail", lambda ids: reverse("console:unit-detail", args=[ids["00070"]]), ALL),
    ("unit export", lambda ids: reverse("console:unit-export"), ALL),
    ("unit create", lambda ids: reverse("console:unit-create"), only("admin")),
    ("unit edit", lambda ids: reverse("console:unit-edit", args=[ids["00070"]]), only("admin")),
    ("unit import", lambda ids: reverse("console:unit-import"), only("admin")),
    ("audiences", lambda ids: reverse("console:audience-index"), ALL),
    ("audience create", lambda ids: reverse("console:audience-create"), only("admin", "coordinator")),
    (
        "audience edit",
        lambda ids: reverse("console:audience-edit", args=[ids["audience"]]),
        only("admin", "coordinator"),
    ),
    (
        "people",
        lambda ids: reverse("console:people-index"),
        only("admin", "coordinator", "officer", "approver"),
    ),
    ("person create", lambda ids: reverse("console:person-create"), only("admin", "approver")),
    (
        # The demo coordinator coordinates tasks over the City's units (lantoa/assignments/demo.py), so
        # sees the people of every unit, as a coordinator who urges the units must.
        "person detail (ward officer)",
        lambda ids: reverse("console:person-detail", args=[ids["officer"]]),
        only("admin", "officer", "approver", "coordinator"),
    ),
    (
        "person detail (coordinator)",
        lambda ids: reverse("console:person-detail", args=[ids["coordinator"]]),
        only("admin", "coordinator", officer=H, approver=H),
    ),
    (
        "person edit (ward officer)",
        lambda ids: reverse("console:person-edit", args=[ids["officer"]]),
        only("admin", "approver"),
    ),
    (
        "person edit (coordinator)",
        lambda ids: reverse("console:person-edit", args=[ids["coordinator"]]),
        only("admin", approver=H),
    ),
    ("audit trail", lambda ids: reverse("console:audit-index"), only("admin", "coordinator")),
    ("audit export", lambda ids: reverse("console:audit-export", args=["csv"]), only("admin", "coordinator")),
    ("plans", lambda ids: reverse("console:plan-index"), ALL),
    ("plan detail", lambda ids: reverse("console:plan-detail", args=[demo_plan()]), ALL),
    ("plan create", lambda ids: reverse("console:plan-create"), only("admin", "coordinator")),
    ("plan edit", lambda ids: reverse("console:plan-edit", args=[demo_plan()]), only("admin", "coordinator")),
    ("plan copy", lambda ids: reverse("console:plan-copy", args=[demo_plan()]), only("admin", "coordinator")),
    # The printable plan: the Word file (the PDF is the same view and permission, and slower to make).
    ("plan docx", lambda ids: reverse("console:plan-docx", args=[demo_plan()]), ALL),
    (
        "indicator edit (TD-01)",
        lambda ids: reverse("console:indicator-edit", args=demo_indicator()),
        only("admin", "coordinator"),
    ),
    *plan_section_pages(),
    ("calendar feed", lambda ids: reverse("console:calendar-feed"), ALL),
    ("board export", lambda ids: reverse("console:assignment-board-export"), only("admin", "coordinator")),
    ("urging letter (board)", lambda ids: reverse("console:urging-letter"), only("admin", "coordinator")),
    *TASK_PAGES,
    *CONTENT_PAGES,
    ("language", lambda ids: reverse("console:language"), ALL),
    ("notifications", lambda ids: reverse("console:notification-index"), ALL),
    ("reminder log", lambda ids: reverse("console:delivery-log"), only("admin", "coordinator")),
    ("wagtail users", lambda ids: reverse("wagtailusers_users:index"), only("admin")),
    ("django admin", lambda ids: reverse("admin:index"), only("admin", otherwise=L)),
]

API_MATRIX = [
    ("api units", "/api/v1/units?kind=ward", dict.fromkeys([*ROLES, "anonymous"], 200)),
    ("api me", "/api/v1/me", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    ("api openapi", "/api/v1/openapi.json", dict.fromkeys([*ROLES, "anonymous"], 200)),
    ("api plans", "/api/v1/plans", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    ("api plan", lambda: f"/api/v1/plans/{demo_plan()}", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    ("api unknown plan", "/api/v1/plans/999999", {**dict.fromkeys(ROLES, 404), "anonymous": 401}),
    (
        "api plan document",
        lambda: f"/api/v1/plans/{demo_plan()}/document?format=docx",
        {**dict.fromkeys(ROLES, 200), "anonymous": 401},
    ),
    ("api notifications", "/api/v1/notifications", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    (
        "api assignments",
        "/api/v1/assignments",
        {**dict.fromkeys(ROLES, 403), "admin": 200, "coordinator": 200, "anonymous": 401},
    ),
    ("api tasks inbox", "/api/v1/tasks", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    (
        "api media library",
        "/api/v1/media",
        {**dict.fromkeys(ROLES, 403), "admin": 200, "editor": 200, "approver": 200, "anonymous": 401},
    ),
    (
        "api unknown assignment",
        "/api/v1/assignments/999999",
        {**dict.fromkeys(ROLES, 403), "admin": 404, "coordinator": 404, "anonymous": 401},
    ),
    ("api unknown task", "/api/v1/tasks/999999", {**dict.fromkeys(ROLES, 404), "anonymous": 401}),
]


def outcome(response, path: str) -> str:
    if response.status_code == 200:
        return A
    if response.status_code == 404:
        return H
    if response.status_code == 302:
        target = response["Location"]
        if "/accounts/login/" in target or "/django-admin/login/" in target:
            return L
        if target.rstrip("/").endswith("/console"):
            return F
    if response.status_code == 403:
        return F
    return f"unexpected {response.status_code} {response.get('Location', '')}"


def test_console_matrix(ids, demo_people):
    found = {}
    expected = {}
    for name, build, by_role in MATRIX:
        path = build(ids)
        anonymous = outcome(Client().get(path), path)
        found[(name, "anonymous")] = anonymous
        expected[(name, "anonymous")] = L
        for role in ROLES:
            client = Client()
            client.force_login(demo_people[role])
            found[(name, role)] = outcome(client.get(path), path)
            expected[(name, role)] = by_role[role]
    wrong = {key: (found[key], expected[key]) for key in expected if found[key] != expected[key]}
    assert not wrong, "role matrix differs (found, expected): " + repr(wrong)


def test_api_matrix(ids, demo_people):
    wrong = {}
    for name, build, by_role in API_MATRIX:
        path = build() if callable(build) else build  # a path with an id is built once the data is loaded
        status = Client().get(path).status_code
        if status != by_role["anonymous"]:
            wrong[(name, "anonymous")] = status
        for role in ROLES:
            client = Client()
            client.force_login(demo_people[role])
            status = client.get(path).status_code
            if status != by_role[role]:
                wrong[(name, role)] = status
    assert not wrong, repr(wrong)


def test_forbidden_console_page_explains_why(ids, demo_people):
    client = Client()
    client.force_login(demo_people["editor"])
    response = client.get(reverse("console:audit-index"), follow=True)
    assert response.redirect_chain[-1][0].rstrip("/").endswith("/console")
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_two_factor_required_for_coordinators(demo_people, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = True
    client = Client()
    client.force_login(demo_people["coordinator"])
    response = client.get(reverse("console:unit-index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    officer = Client()
    officer.force_login(demo_people["officer"])
    assert officer.get(reverse("console:unit-index")).status_code == 200
