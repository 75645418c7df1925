import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.translation import override
from wagtail.users.models import UserProfile

from lantoa.accounts.models import ApiToken, RoleAssignment, User
from lantoa.accounts.selectors import token_authenticate, user_list_for_user
from lantoa.accounts.services import (
    language_set,
    role_grant,
    role_revoke,
    token_create,
    token_revoke,
    token_touch,
    user_create,
    user_update,
)
from lantoa.audit.models import AuditEntry
from lantoa.core import access
from lantoa.org.models import Unit
from tests.factories import TEST_PASSWORD, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def wards(city):
    hoan_kiem = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    ba_dinh = UnitFactory(parent=city, code="00004", name="Phường Ba Đình")
    return hoan_kiem, ba_dinh


@pytest.fixture
def approver(wards):
    return UserFactory(username="pho-chu-tich", roles=[("approver", wards[0])])


class State:
    """Users, roles and audit entries as they are now, to compare after a refusal."""

    def __init__(self):
        self.value = self.read()

    @staticmethod
    def read():
        return (
            list(
                User.objects.order_by("pk").values_list("username", "is_superuser", "is_staff", "is_active")
            ),
            list(RoleAssignment.objects.order_by("pk").values_list("user__username", "role", "unit__code")),
            AuditEntry.objects.count(),
        )

    def unchanged(self):
        return self.read() == self.value


def new_entries(since: int):
    return list(AuditEntry.objects.order_by("id")[since:].values_list("action", flat=True))


# People and roles


def test_a_ward_approver_creates_an_officer_in_their_ward(wards, approver):
    entries = AuditEntry.objects.count()

    person = user_create(
        by=approver,
        unit=wards[0],
        role="officer",
        username=" Le.Tuan\u200b ",
        email="Le.Tuan@Example.INVALID",
        first_name="Tuấn",
        last_name="Lê Minh",
        title="Công chức Văn hóa - Xã hội",
    )

    person.refresh_from_db()
    assert (person.username, person.email, person.get_full_name(), person.title) == (
        "le.tuan",
        "le.tuan@example.invalid",
        "Lê Minh Tuấn",
        "Công chức Văn hóa - Xã hội",
    )
    assert person.has_usable_password() is False
    assert (person.is_superuser, person.is_staff) == (False, False)
    (assignment,) = person.roles.all()
    assert (assignment.role, assignment.unit, assignment.include_subtree, assignment.granted_by) == (
        "officer",
        wards[0],
        False,
        approver,
    )
    assert new_entries(entries) == ["accounts.user_created", "accounts.role_granted"]
    created, granted = AuditEntry.objects.order_by("id")[entries:]
    assert (created.actor, created.target_label) == (approver, "Lê Minh Tuấn")
    assert "password" not in created.after
    assert granted.after == {"user": "le.tuan", "role": "officer", "unit": "00070", "include_subtree": False}


def test_a_ward_approver_cannot_create_people_in_another_ward(wards, approver):
    state = State()
    with pytest.raises(PermissionDenied, match=r"^You may manage people only within your own unit\.$"):
        user_create(by=approver, unit=wards[1], role="officer", username="khac", email="khac@example.invalid")
    assert state.unchanged()


@pytest.mark.parametrize(
    ("role", "label"), [("coordinator", "Coordinator"), ("administrator", "Administrator")]
)
def test_a_ward_approver_cannot_grant_city_roles(wards, approver, role, label):
    state = State()
    with pytest.raises(PermissionDenied) as caught:
        user_create(by=approver, unit=wards[0], role=role, username="sep", email="sep@example.invalid")
    assert str(caught.value) == f"Only an administrator can grant the role {label}."
    colleague = UserFactory(roles=[("officer", wards[0])])
    state = State()
    with pytest.raises(PermissionDenied):
        role_grant(by=approver, user=colleague, role=role, unit=wards[0])
    assert state.unchanged()


def test_an_officer_cannot_create_people_at_all(wards):
    officer = UserFactory(roles=[("officer", wards[0])])
    state = State()
    with pytest.raises(PermissionDenied):
        user_create(by=officer, unit=wards[0], role="officer", username="moi", email="moi@example.invalid")
    assert state.unchanged()


def test_the_administrator_role_makes_a_superuser_and_its_revocation_undoes_it(city, administrator):
    person = UserFactory(username="it-thanhpho")
    assert (person.is_superuser, person.is_staff) == (False, False)

    assignment = role_grant(
        by=administrator, user=person, role="administrator", unit=city, include_subtree=True
    )

    person.refresh_from_db()
    assert (person.is_superuser, person.is_staff) == (True, True)
    assert person.has_perm("wagtailadmin.access_admin") is True

    role_revoke(by=administrator, assignment=assignment)

    person.refresh_from_db()
    assert (person.is_superuser, person.is_staff) == (False, False)
    assert not RoleAssignment.objects.filter(user=person).exists()
    revoked = AuditEntry.objects.filter(action="accounts.role_revoked").get()
    assert (revoked.actor, revoked.after) == (administrator, {})
    assert revoked.before == {
        "user": "it-thanhpho",
        "role": "administrator",
        "unit": "HN",
        "include_subtree": True,
    }


def test_the_administrator_role_is_held_at_the_top_only(wards, administrator):
    person = UserFactory()
    state = State()
    with pytest.raises(ValidationError) as caught:
        role_grant(by=administrator, user=person, role="administrator", unit=wards[0])
    assert caught.value.message_dict == {"unit": ["The administrator role is held at the top of the tree."]}
    assert state.unchanged()


def test_an_administrator_cannot_take_away_their_own_administrator_role(city, administrator):
    assignment = administrator.roles.get()
    state = State()
    with pytest.raises(ValidationError):
        role_revoke(by=administrator, assignment=assignment)
    assert state.unchanged()


def test_an_unknown_role_is_refused(wards, administrator):
    person = UserFactory(roles=[("officer", wards[0])])
    state = State()
    with pytest.raises(ValidationError) as caught:
        role_grant(by=administrator, user=person, role="superhero", unit=wards[0])
    assert caught.value.message_dict == {"role": ["Unknown role superhero."]}
    with pytest.raises(ValidationError):
        user_create(
            by=administrator, unit=wards[0], role="superhero", username="x", email="x@example.invalid"
        )
    assert state.unchanged()


def test_a_role_is_granted_once_per_unit(wards, administrator):
    person = UserFactory(roles=[("officer", wards[0])])
    state = State()
    with pytest.raises(ValidationError):
        role_grant(by=administrator, user=person, role="officer", unit=wards[0])
    assert state.unchanged()


def test_no_role_is_granted_in_a_retired_unit(wards, administrator):
    Unit.objects.filter(pk=wards[1].pk).update(valid_to=datetime.date(2025, 6, 30))
    wards[1].refresh_from_db()
    person = UserFactory()
    state = State()
    with pytest.raises(ValidationError) as caught:
        role_grant(by=administrator, user=person, role="officer", unit=wards[1])
    assert caught.value.message_dict == {"unit": ["Phường Ba Đình is no longer in use."]}
    assert state.unchanged()


@pytest.mark.parametrize("username", ["le.tuan", "LE.TUAN", " Le.Tuan "])
def test_a_username_is_taken_whatever_its_case(wards, administrator, username):
    UserFactory(username="le.tuan")
    state = State()
    with pytest.raises(ValidationError) as caught:
        user_create(
            by=administrator, unit=wards[0], role="officer", username=username, email="new@example.invalid"
        )
    assert caught.value.message_dict == {"username": ["The username le.tuan is taken."]}
    assert state.unchanged()


def test_an_email_address_belongs_to_one_account(wards, administrator):
    UserFactory(username="a", email="chung@example.invalid")
    state = State()
    with pytest.raises(ValidationError) as caught:
        user_create(
            by=administrator, unit=wards[0], role="officer", username="b", email="CHUNG@example.invalid"
        )
    assert caught.value.message_dict == {"email": ["Another account already uses this email address."]}
    assert state.unchanged()


def test_a_weak_password_is_refused(wards, administrator):
    state = State()
    with pytest.raises(ValidationError):
        user_create(
            by=administrator,
            unit=wards[0],
            role="officer",
            username="b",
            email="b@example.invalid",
            password="123",
        )
    assert state.unchanged()


def test_a_good_password_is_set(wards, administrator):
    person = user_create(
        by=administrator,
        unit=wards[0],
        role="officer",
        username="b",
        email="b@example.invalid",
        password="Lan-toa-2026-mat-khau",
    )
    person.refresh_from_db()
    assert person.check_password("Lan-toa-2026-mat-khau") is True


def test_people_update_themselves_but_not_their_active_flag(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    user_update(by=person, user=person, first_name=" Hùng\u200b", phone="0912 345 678")
    person.refresh_from_db()
    assert (person.first_name, person.phone) == ("Hùng", "0912 345 678")
    state = State()
    with pytest.raises(ValidationError):
        user_update(by=person, user=person, is_active=False)
    with pytest.raises(ValidationError) as caught:
        user_update(by=person, user=person, is_superuser=True)
    assert caught.value.messages == ["These fields cannot be changed here: is_superuser."]
    assert state.unchanged()


def test_an_approver_cannot_update_people_of_another_ward(wards, approver):
    other = UserFactory(roles=[("officer", wards[1])])
    state = State()
    with pytest.raises(PermissionDenied):
        user_update(by=approver, user=other, is_active=False)
    assert state.unchanged()


def test_an_approver_sees_the_people_of_their_ward_only(wards, approver, django_assert_num_queries):
    UserFactory(username="o1", last_name="An", roles=[("officer", wards[0])])
    UserFactory(username="o2", last_name="Bình", roles=[("officer", wards[1])])
    UserFactory(username="khong-vai-tro")
    access.has(approver, "console.access")  # roles are read once per request; the list costs two more
    with django_assert_num_queries(2):
        people = [(u.username, [r.role for r in u.roles.all()]) for u in user_list_for_user(by=approver)]
    assert people == [("o1", ["officer"]), ("pho-chu-tich", ["approver"])]


# API tokens


def test_a_token_is_returned_once_and_only_its_digest_is_stored(wards):
    person = UserFactory(roles=[("officer", wards[0])])

    token, bearer = token_create(user=person, name="Báo cáo tự động")

    prefix, key_id, secret = bearer[:3], bearer[3:15], bearer[16:]
    assert (prefix, bearer[15]) == ("lt_", "_")
    assert key_id == token.key_id
    assert len(secret) >= 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values_list()))
    assert secret not in str(list(AuditEntry.objects.values_list("before", "after")))
    assert stored.name == "Báo cáo tự động"
    lifetime = stored.expires_at - stored.created_at
    assert datetime.timedelta(days=90, seconds=-1) < lifetime <= datetime.timedelta(days=90)
    assert str(stored) == f"lt_{key_id}…"
    assert AuditEntry.objects.filter(action="accounts.token_created", actor=person).count() == 1


def test_a_token_authenticates_its_user(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    token, bearer = token_create(user=person)
    found = token_authenticate(bearer=bearer)
    assert (found.pk, found.user) == (token.pk, person)


def test_token_touch_notes_use_at_most_every_five_minutes(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    token, _bearer = token_create(user=person)
    entries = AuditEntry.objects.count()
    assert token.last_used_at is None

    token_touch(token=token)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    token_touch(token=ApiToken.objects.get(pk=token.pk))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(seconds=301))
    token_touch(token=ApiToken.objects.get(pk=token.pk))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first
    assert AuditEntry.objects.count() == entries


def test_a_revoked_token_fails(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    token, bearer = token_create(user=person)
    token_revoke(by=person, token=token)
    assert token_authenticate(bearer=bearer) is None
    assert AuditEntry.objects.filter(action="accounts.token_revoked", actor=person).count() == 1


def test_an_expired_token_fails(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    token, bearer = token_create(user=person)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert token_authenticate(bearer=bearer) is None


def test_a_token_of_a_deactivated_account_fails(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    _token, bearer = token_create(user=person)
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert token_authenticate(bearer=bearer) is None


def test_a_wrong_or_malformed_bearer_fails(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    token, bearer = token_create(user=person)
    wrong = bearer[:-1] + ("A" if bearer[-1] != "A" else "B")
    for candidate in (
        wrong,
        f"lt_{token.key_id}_",
        f"lt_{token.key_id}",
        bearer[3:],
        "",
        "lt_",
        bearer + "x" * 200,
    ):
        assert token_authenticate(bearer=candidate) is None


def test_nobody_revokes_someone_elses_token(wards):
    owner = UserFactory(roles=[("officer", wards[0])])
    other = UserFactory(roles=[("approver", wards[0])])
    token, bearer = token_create(user=owner)
    with pytest.raises(PermissionDenied):
        token_revoke(by=other, token=token)
    assert token_authenticate(bearer=bearer).user == owner


# Language


def test_language_set_stores_the_console_language(wards):
    person = UserFactory(roles=[("officer", wards[0])])

    language_set(user=person, language="en")

    assert UserProfile.get_for_user(person).preferred_language == "en"
    entry = AuditEntry.objects.get(action="accounts.language_set")
    assert (entry.actor, entry.before, entry.after) == (
        person,
        {"preferred_language": ""},
        {"preferred_language": "en"},
    )
    language_set(user=person, language="en")  # no change, no second entry
    assert AuditEntry.objects.filter(action="accounts.language_set").count() == 1
    language_set(user=person, language="vi")
    assert UserProfile.get_for_user(person).preferred_language == "vi"


@pytest.mark.parametrize("language", ["fr", "", "vi-VN", "EN"])
def test_language_set_refuses_unknown_languages(wards, language):
    person = UserFactory(roles=[("officer", wards[0])])
    language_set(user=person, language="vi")
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        language_set(user=person, language=language)
    assert caught.value.messages == [f"Unknown language {language}."]
    assert UserProfile.get_for_user(person).preferred_language == "vi"
    assert AuditEntry.objects.count() == entries


def test_a_person_without_a_language_cookie_gets_their_profile_language(wards):
    person = UserFactory(roles=[("officer", wards[0])])
    language_set(user=person, language="en")
    client = Client()
    client.force_login(person)
    response = client.get("/healthz")
    assert response.cookies["lantoa_language"].value == "en"
    client.cookies["lantoa_language"] = "vi"
    assert "lantoa_language" not in client.get("/healthz").cookies


# Passwords


def test_argon2_is_the_first_password_hasher():
    from lantoa.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_installed_and_hashes():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode(TEST_PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify(TEST_PASSWORD, encoded) is True
    assert hasher.verify("wrong", encoded) is False


def test_an_update_cannot_take_another_accounts_username_or_email(wards, administrator):
    UserFactory(username="le.tuan", email="chung@example.invalid")
    person = UserFactory(username="khac", email="khac@example.invalid", roles=[("officer", wards[0])])
    state = State()
    with pytest.raises(ValidationError):
        user_update(by=administrator, user=person, username="LE.TUAN")
    with pytest.raises(ValidationError):
        user_update(by=administrator, user=person, email="CHUNG@example.invalid")
    assert state.unchanged()
    assert User.objects.get(pk=person.pk).email == "khac@example.invalid"


def test_a_ward_approver_cannot_change_a_city_role_holders_details(wards, approver, city):
    coordinator = UserFactory(
        username="dieu-phoi",
        email="dieu-phoi@example.invalid",
        roles=[("coordinator", city), ("officer", wards[0])],
    )
    state = State()
    with pytest.raises(PermissionDenied):
        user_update(by=approver, user=coordinator, email="ke-gian@example.invalid")
    assert state.unchanged()
    assert User.objects.get(pk=coordinator.pk).email == "dieu-phoi@example.invalid"
