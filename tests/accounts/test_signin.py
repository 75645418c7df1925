"""Sign-in as a person meets it: wrong passwords, lockout, password reset by email, closed sign-up."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.translation import override

from lantoa.accounts.models import User
from lantoa.accounts.services import user_create
from lantoa.core import access
from lantoa.org.models import Unit


@pytest.fixture
def officer(db):
    cache.clear()
    root = Unit.add_root(code="HN", name="Ủy ban nhân dân Thành phố Hà Nội", kind="city")
    ward = root.add_child(code="00070", name="Phường Hoàn Kiếm", kind="ward")
    user = user_create(
        by=access.system("tests"),
        unit=ward,
        role="officer",
        username="officer",
        email="officer@example.vn",
        last_name="Lê Minh",
        first_name="Tuấn",
    )
    user.set_password("a-Good-passw0rd")
    user.save()
    return user


def _login(client: Client, password: str):
    return client.post(
        "/accounts/login/", {"login": "officer", "password": password}, HTTP_ACCEPT_LANGUAGE="vi"
    )


def test_wrong_password_is_refused_in_vietnamese(officer):
    response = _login(Client(), "wrong")
    assert response.status_code == 200
    assert "Tên đăng nhập và/hoặc mật khẩu đã nhập không đúng." in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_right_password_opens_the_console(officer):
    client = Client()
    response = _login(client, "a-Good-passw0rd")
    assert response.status_code == 302
    assert client.get("/console/").status_code == 200


def test_repeated_failures_lock_the_account_for_a_while(officer):
    client = Client()
    for _ in range(5):
        _login(client, "wrong")
    response = _login(client, "a-Good-passw0rd")
    assert response.status_code == 200  # refused even with the right password
    assert "Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau." in response.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert (
        other.post("/accounts/login/", {"login": "officer", "password": "a-Good-passw0rd"}).status_code == 200
    )


def test_password_reset_by_email(officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post("/accounts/password/reset/", {"email": "officer@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.vn"]
    assert message.subject.startswith("[Lan Tỏa]")
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "Another-g00d-one", "password2": "Another-g00d-one"},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Another-g00d-one")


def test_public_sign_up_is_closed(db):
    response = Client().post(
        "/accounts/signup/",
        {
            "username": "x",
            "email": "x@example.vn",
            "password1": "Abcdefgh-12345",
            "password2": "Abcdefgh-12345",
        },
    )
    assert not User.objects.filter(username="x").exists()
    with override("vi"):
        assert response.status_code == 200


def test_passwords_are_hashed_with_argon2():
    from lantoa.config import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
