"""Error pages are Swedish and say nothing technical when DEBUG is off, as it is
in production and in `make run` (issue 9: Django's English technical 404 page
listed every URL)."""

import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from casework import urls as project_urls


def refuse(request):
    raise PermissionDenied


def crash(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [
    path("test/nekad/", refuse),
    path("test/krasch/", crash),
    path("", include(project_urls)),
]

TECHNICAL = [
    "Using the URLconf",
    "urlpatterns",
    "Traceback",
    "secret internal detail",
    "DEBUG = True",
    "Page not found",
    "Server Error",
]


def assert_swedish_and_plain(response, heading):
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert f"<h1>{heading}</h1>" in page
    for leak in TECHNICAL:
        assert leak not in page, leak


@pytest.mark.django_db
def test_an_unknown_address_answers_the_swedish_page_not_found(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert_swedish_and_plain(response, "Sidan hittades inte")
    assert "Sidan finns inte, eller så har du inte åtkomst till den." in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refusal_answers_the_swedish_not_allowed_page(client):
    response = client.get("/test/nekad/")

    assert response.status_code == 403
    assert_swedish_and_plain(response, "Inte tillåtet")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_answers_the_swedish_page_without_details(client):
    client.raise_request_exception = False

    response = client.get("/test/krasch/")

    assert response.status_code == 500
    assert_swedish_and_plain(response, "Något gick fel")


def test_the_demo_settings_serve_without_debug_over_plain_http():
    probe = (
        "import casework.settings_demo as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, bool(s.SECRET_KEY),"
        " 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == [
        "False",
        "False",
        "False",
        "False",
        "0",
        "True",
        "True",
    ]
