"""The production settings, read in fresh processes from a production-like environment.

The test suite's own settings switch some of these off (plain HTTP, MD5 hashes), so the
values are read from `otop_site.settings` in a subprocess with the environment an operator
would set (tests/test_settings.py has the `check --deploy` run itself).
"""

import json

import pytest

from tests.test_settings import PRODUCTION_ENV, run_manage

READ = """
import json
from django.conf import settings as s
from django.contrib.auth.hashers import identify_hasher, make_password
hashed = make_password("otop")
print(json.dumps({
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SESSION_ENGINE": s.SESSION_ENGINE,
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_SAVE_EVERY_REQUEST": s.SESSION_SAVE_EVERY_REQUEST,
    "SESSION_REFRESH_SECONDS": s.SESSION_REFRESH_SECONDS,
    "REFRESH_MIDDLEWARE": s.MIDDLEWARE.index("accounts.middleware.SessionRefreshMiddleware")
    - s.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "HASHED": hashed.split("$")[:4],
    "VERIFIES": identify_hasher(hashed).verify("otop", hashed),
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": s.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "VALIDATORS": [v["NAME"].rsplit(".", 1)[-1] for v in s.AUTH_PASSWORD_VALIDATORS],
    "HASHER": s.PASSWORD_HASHERS[0].rsplit(".", 1)[-1],
    "AXES_ENABLED": s.AXES_ENABLED,
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT,
    "AXES_ADDRESS_FAILURE_LIMIT": s.AXES_ADDRESS_FAILURE_LIMIT,
    "AXES_HANDLER": s.AXES_HANDLER,
    "FIRST_MIDDLEWARE": s.MIDDLEWARE[0],
    "CSRF_FAILURE_VIEW": s.CSRF_FAILURE_VIEW,
    "DATA_UPLOAD_MAX_MEMORY_SIZE": s.DATA_UPLOAD_MAX_MEMORY_SIZE,
    "FILE_UPLOAD_MAX_MEMORY_SIZE": s.FILE_UPLOAD_MAX_MEMORY_SIZE,
    "IMPORT_MAX_UPLOAD_BYTES": s.IMPORT_MAX_UPLOAD_BYTES,
    "STORAGE": s.STORAGES["default"]["BACKEND"],
    "STORAGE_OPTIONS": s.STORAGES["default"].get("OPTIONS", {}),
    "DEBUG": s.DEBUG,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
}))
"""


def production_settings(**env) -> dict:
    result = run_manage("shell", "-c", READ, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def prod():
    return production_settings()


def test_cookies_are_secure_and_https_is_enforced(prod):
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["X_FRAME_OPTIONS"] == "DENY"


def test_hsts_lasts_a_year_and_covers_subdomains(prod):
    assert prod["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_sessions_live_in_the_database_and_end_after_8_hours_idle(prod):
    assert prod["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert prod["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    # Not saved on every request (an UPDATE per page): accounts.middleware, right after
    # SessionMiddleware, pushes the expiry on every 5 minutes of use, so the age counts
    # from the last request to within 5 minutes: an idle limit.
    assert prod["SESSION_SAVE_EVERY_REQUEST"] is False
    assert prod["SESSION_REFRESH_SECONDS"] == 5 * 60
    assert prod["REFRESH_MIDDLEWARE"] == 1


def test_the_idle_limit_comes_from_the_environment():
    assert production_settings(SESSION_COOKIE_AGE="1800")["SESSION_COOKIE_AGE"] == 1800


def test_password_validators_are_on_with_a_slow_hasher(prod):
    assert prod["VALIDATORS"] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    # Argon2id in one lane (accounts/hashers.py), with argon2-cffi installed: a password
    # hashed by the default hasher has those parameters and verifies.
    assert prod["HASHER"] == "Argon2PasswordHasher"
    assert prod["HASHED"] == ["argon2", "argon2id", "v=19", "m=102400,t=2,p=1"]
    assert prod["VERIFIES"] is True


def test_login_rate_limiting_is_on(prod):
    assert prod["AXES_ENABLED"] is True
    assert prod["AXES_FAILURE_LIMIT"] == 5
    # and per address, over any usernames (tests/security/test_lockout.py)
    assert prod["AXES_ADDRESS_FAILURE_LIMIT"] == 20
    assert prod["AXES_HANDLER"] == "accounts.lockout.AddressLimitHandler"


def test_requests_that_bypassed_the_trusted_proxies_are_refused_first(prod):
    # tests/security/test_proxy_header.py: TRUSTED_PROXY_COUNT without X-Forwarded-For
    assert prod["FIRST_MIDDLEWARE"] == "otop_site.client_ip.ProxyHeaderMiddleware"


def test_a_failed_csrf_check_gets_the_sites_403_page(prod):
    assert prod["CSRF_FAILURE_VIEW"] == "otop_site.views.csrf_failure"


def test_request_bodies_are_bounded(prod):
    # Form fields in memory at most 5 MB; files above 5 MB spool to a temporary file;
    # the import itself refuses more than IMPORT_MAX_UPLOAD_BYTES (50 MB by default).
    assert prod["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 5 * 1024 * 1024
    assert prod["FILE_UPLOAD_MAX_MEMORY_SIZE"] == 5 * 1024 * 1024
    assert prod["IMPORT_MAX_UPLOAD_BYTES"] == 50 * 1024 * 1024


def test_uploads_stay_on_local_disk_unless_told_otherwise(prod):
    assert prod["STORAGE"] == "django.core.files.storage.FileSystemStorage"


def test_upload_storage_s3_uses_django_storages_with_private_objects():
    pytest.importorskip("storages.backends.s3")
    got = production_settings(
        UPLOAD_STORAGE="s3",
        S3_BUCKET="otop-uploads",
        S3_ENDPOINT_URL="https://objects.example.go.th",
    )
    assert got["STORAGE"] == "storages.backends.s3.S3Storage"
    assert got["STORAGE_OPTIONS"]["bucket_name"] == "otop-uploads"
    assert got["STORAGE_OPTIONS"]["endpoint_url"] == "https://objects.example.go.th"
    assert got["STORAGE_OPTIONS"]["default_acl"] == "private"
    assert got["STORAGE_OPTIONS"]["querystring_auth"] is True


def test_upload_storage_s3_without_a_bucket_refuses_to_start():
    result = run_manage("check", env={**PRODUCTION_ENV, "UPLOAD_STORAGE": "s3"})
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr


def test_an_unknown_upload_storage_refuses_to_start():
    result = run_manage("check", env={**PRODUCTION_ENV, "UPLOAD_STORAGE": "ftp"})
    assert result.returncode != 0
    assert "UPLOAD_STORAGE must be local or s3" in result.stderr


def test_check_deploy_is_clean_with_uploads_in_object_storage():
    pytest.importorskip("storages.backends.s3")
    env = {**PRODUCTION_ENV, "UPLOAD_STORAGE": "s3", "S3_BUCKET": "otop-uploads"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
