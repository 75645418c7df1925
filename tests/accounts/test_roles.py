import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.accounts.policy import forget, grants_of
from lantoa.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, Role
from lantoa.core import access
from lantoa.org.models import Unit, UnitKind
from tests.factories import UnitFactory, UserFactory


@pytest.fixture
def tree(city):
    """HN ─┬─ S-A ─┬─ P-A1
    │       └─ P-A2
    └─ S-B ── P-B1"""
    s_a = UnitFactory(parent=city, code="S-A", name="Sở A", kind=UnitKind.DEPARTMENT)
    UnitFactory(parent=s_a, code="P-A1", name="Phường A1")
    UnitFactory(parent=s_a, code="P-A2", name="Phường A2")
    s_b = UnitFactory(parent=city, code="S-B", name="Sở B", kind=UnitKind.DEPARTMENT)
    UnitFactory(parent=s_b, code="P-B1", name="Phường B1")
    return {u.code: u for u in Unit.objects.all()}


def codes(units):
    return sorted(u.code for u in units)


def test_every_role_has_known_permissions_and_the_administrator_has_all():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for permissions in ROLE_PERMISSIONS.values():
        assert permissions <= set(PERMISSIONS)
    assert ROLE_PERMISSIONS[Role.ADMINISTRATOR] == frozenset(PERMISSIONS)
    assert "org.manage" not in set().union(
        *(p for r, p in ROLE_PERMISSIONS.items() if r != Role.ADMINISTRATOR)
    )


def test_a_role_counts_in_its_own_unit_only(tree):
    officer = UserFactory(roles=[("officer", tree["S-A"])])
    assert access.has(officer, "assignments.report", tree["S-A"]) is True
    assert access.has(officer, "assignments.report", tree["P-A1"]) is False
    assert access.has(officer, "assignments.report", tree["S-B"]) is False
    assert access.has(officer, "assignments.report", tree["HN"]) is False
    assert codes(access.units(officer, "assignments.report")) == ["S-A"]


def test_a_role_over_the_subtree_covers_every_descendant(tree):
    approver = UserFactory(roles=[("approver", tree["S-A"], True)])
    assert access.has(approver, "accounts.manage_users", tree["S-A"]) is True
    assert access.has(approver, "accounts.manage_users", tree["P-A1"]) is True
    assert access.has(approver, "accounts.manage_users", tree["P-A2"]) is True
    assert access.has(approver, "accounts.manage_users", tree["S-B"]) is False
    assert access.has(approver, "accounts.manage_users", tree["P-B1"]) is False
    assert access.has(approver, "accounts.manage_users", tree["HN"]) is False
    assert codes(access.units(approver, "accounts.manage_users")) == ["P-A1", "P-A2", "S-A"]


def test_a_subtree_prefix_does_not_leak_into_a_sibling_with_a_longer_path(city):
    # Paths are fixed-width, so "S-A"'s path is never a prefix of a sibling's; check it anyway.
    siblings = [UnitFactory(parent=city, code=f"W{n}", name=f"Phường {n}") for n in range(12)]
    approver = UserFactory(roles=[("approver", siblings[0], True)])
    assert codes(access.units(approver, "accounts.manage_users")) == ["W0"]


def test_a_permission_the_role_lacks_is_refused_everywhere(tree):
    editor = UserFactory(roles=[("editor", tree["HN"], True)])
    assert access.has(editor, "content.edit", tree["P-B1"]) is True
    assert access.has(editor, "content.approve", tree["P-B1"]) is False
    assert access.has(editor, "content.approve") is False
    assert codes(access.units(editor, "content.approve")) == []


def test_unit_none_asks_whether_the_permission_is_held_anywhere(tree):
    officer = UserFactory(roles=[("officer", tree["P-B1"])])
    assert access.has(officer, "reporting.enter") is True
    assert access.has(officer, "org.manage") is False


def test_several_roles_add_up(tree):
    person = UserFactory(
        roles=[("officer", tree["P-A1"]), ("officer", tree["S-B"], True), ("viewer", tree["HN"])]
    )
    assert codes(access.units(person, "reporting.enter")) == ["P-A1", "P-B1", "S-B"]
    assert codes(access.units(person, "reporting.view")) == ["HN"]
    assert codes(access.units(person, "console.access")) == ["HN", "P-A1", "P-B1", "S-B"]


def test_an_administrator_may_do_everything_everywhere(tree, administrator):
    for perm in PERMISSIONS:
        assert access.has(administrator, perm) is True
        assert access.has(administrator, perm, tree["P-B1"]) is True
    assert codes(access.units(administrator, "org.manage")) == ["HN", "P-A1", "P-A2", "P-B1", "S-A", "S-B"]


def test_nobody_without_a_role_may_do_anything(tree):
    assert access.has(UserFactory(), "console.access") is False
    assert access.has(AnonymousUser(), "console.access") is False
    assert codes(access.units(AnonymousUser(), "console.access")) == []


def test_an_inactive_account_holds_nothing(tree):
    person = UserFactory(roles=[("administrator", tree["HN"])])
    person.is_active = False
    person.save()
    assert access.has(person, "console.access") is False
    assert codes(access.units(person, "console.access")) == []


def test_the_system_actor_may_do_everything(tree):
    system = access.system("tests")
    assert str(system) == "system:tests"
    assert access.has(system, "org.manage", tree["P-A1"]) is True
    access.require(system, "org.manage")


def test_require_raises_permission_denied(tree):
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import override

    officer = UserFactory(roles=[("officer", tree["P-A1"])])
    with override("en"), pytest.raises(PermissionDenied, match=r"^You do not have permission to do this\.$"):
        access.require(officer, "org.manage")


def test_roles_are_read_once_per_user_object(tree, django_assert_num_queries):
    officer = UserFactory(roles=[("officer", tree["P-A1"]), ("viewer", tree["HN"])])
    with django_assert_num_queries(1):
        for unit in tree.values():
            access.has(officer, "console.access", unit)
            access.has(officer, "reporting.enter", unit)


def test_a_role_in_a_retired_unit_no_longer_counts(tree, system):
    officer = UserFactory(roles=[("officer", tree["P-A1"])])
    Unit.objects.filter(code="P-A1").update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    forget(officer)
    assert grants_of(officer) == []
    assert access.has(officer, "reporting.enter") is False


def test_a_role_counts_until_a_scheduled_retirement_takes_effect(tree):
    officer = UserFactory(roles=[("officer", tree["P-A1"])])
    Unit.objects.filter(code="P-A1").update(valid_to=timezone.localdate() + datetime.timedelta(days=30))
    forget(officer)
    assert Unit.objects.get(code="P-A1").is_active is True
    assert access.has(officer, "reporting.enter", tree["P-A1"]) is True


def test_a_role_in_a_unit_not_yet_in_force_does_not_count_yet(tree):
    officer = UserFactory(roles=[("officer", tree["P-A1"])])
    Unit.objects.filter(code="P-A1").update(valid_from=timezone.localdate() + datetime.timedelta(days=1))
    forget(officer)
    assert access.has(officer, "reporting.enter") is False
    Unit.objects.filter(code="P-A1").update(valid_from=timezone.localdate())
    forget(officer)
    assert access.has(officer, "reporting.enter", tree["P-A1"]) is True


def test_any_role_opens_the_console_and_no_role_does_not(tree):
    assert UserFactory(roles=[("field", tree["P-A1"])]).has_perm("wagtailadmin.access_admin") is True
    assert UserFactory().has_perm("wagtailadmin.access_admin") is False
    assert UserFactory(roles=[("officer", tree["P-A1"])]).has_perm("wagtailimages.add_image") is False


def test_an_administrator_without_two_factor_is_sent_to_set_it_up(tree, administrator):
    client = Client()
    client.force_login(administrator)
    response = client.get("/i18n/js/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp") + "?next=/i18n/js/"
    assert client.get("/healthz").status_code == 200  # health checks and the API stay open
    assert client.get("/api/v1/me").status_code == 200


def test_an_officer_needs_no_two_factor(tree):
    client = Client()
    client.force_login(UserFactory(roles=[("officer", tree["P-A1"])]))
    assert client.get("/i18n/js/").status_code == 200


def test_an_administrator_with_two_factor_passes(tree, administrator):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(administrator, generate_totp_secret())
    client = Client()
    client.force_login(administrator)
    assert client.get("/i18n/js/").status_code == 200


def test_a_superuser_without_a_role_is_sent_to_set_up_two_factor(db):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/i18n/js/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp") + "?next=/i18n/js/"
