"""The settings read from the environment, checked in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "otop_site.settings",
    "DEBUG": "false",
    "SECRET_KEY": "x7#kq!2m9v@t4r8w1z6p3n5b0c^y-h&j*u(e)s_d+f=g[a]l{o}i",
    "ALLOWED_HOSTS": "otop.example.go.th",
    "DATABASE_URL": "sqlite:////tmp/otop-settings-check.sqlite3",
}


def run_manage(*args, env):
    # The test process's own settings (test-only variables included) must not leak in.
    leaked = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    leaked |= {"TASKS_IMMEDIATE", "SECURE_SSL_REDIRECT"}
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_for_a_production_configuration():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_rejects_a_malformed_debug_value():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(PRODUCTION_ENV["SECRET_KEY"])
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env={**env, "SECRET_KEY_FILE": str(key_file)})
    assert result.returncode == 0, result.stderr


def test_the_interface_is_thai_in_bangkok_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "th"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]
    assert settings.TIME_ZONE == "Asia/Bangkok"


def _database_options(database_url):
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_connections_run_without_jit_and_sqlite_ones_get_no_such_option():
    postgres = _database_options("postgres://u:p@db.example:5432/otop?sslmode=require")
    assert "'options': '-c jit=off'" in postgres
    assert "'sslmode': 'require'" in postgres  # the URL's own options are kept
    assert "jit" not in _database_options("sqlite:////tmp/otop-settings-check.sqlite3")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_postgresql_connection_has_jit_off():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
