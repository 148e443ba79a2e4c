"""Log-in hardening, security headers and the production configuration."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.builders import make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_repeated_failed_logins_lock_the_account(client):
    """Brute force is locked out after five failures, even with the right password."""
    make_user("karin.dhakal")
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "karin.dhakal", "password": "fel"})
    response = client.post(
        url, {"username": "karin.dhakal", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_works_below_the_limit(client):
    make_user("karin.dhakal")
    url = reverse("login")
    client.post(url, {"username": "karin.dhakal", "password": "fel"})
    response = client.post(
        url, {"username": "karin.dhakal", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_pages_carry_a_content_security_policy_and_security_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_forms_need_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_the_deploy_check_with_production_settings_has_no_warnings():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment["SECRET_KEY"] = secrets.token_urlsafe(64)
    environment["ALLOWED_HOSTS"] = "diarium.example.se"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def _without_key_or_debug() -> dict:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }


def test_the_server_refuses_to_start_without_a_secret_key_unless_debugging():
    result = subprocess.run(
        [sys.executable, "-c", "import casework.wsgi"],
        cwd=ROOT,
        env=_without_key_or_debug(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=_without_key_or_debug(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
