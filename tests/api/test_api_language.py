"""The API answers refusals in the language the client asks for (Accept-Language), Vietnamese by default."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("language", "not_found", "unauthenticated"),
    [
        ("vi", "Không tìm thấy.", "Bạn cần đăng nhập trước: hãy gửi kèm mã truy cập hợp lệ (bearer token)."),
        ("en", "Not found.", "Sign in first: send a valid bearer token."),
        ("", "Không tìm thấy.", "Bạn cần đăng nhập trước: hãy gửi kèm mã truy cập hợp lệ (bearer token)."),
    ],
)
def test_refusals_speak_the_clients_language(db, language, not_found, unauthenticated):
    client = Client(HTTP_ACCEPT_LANGUAGE=language) if language else Client()
    assert client.get("/api/v1/units/KHONG-CO").json() == {"detail": not_found}
    assert client.get("/api/v1/me").json() == {"detail": unauthenticated}


def test_a_malformed_query_names_the_field_in_vietnamese(db):
    body = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/api/v1/units?limit=100000").json()
    assert body["detail"] == "Yêu cầu không hợp lệ. Vui lòng kiểm tra các trường sau: limit."
