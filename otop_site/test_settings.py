"""Settings for the test suite: the real settings, plus what only tests need."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-key-not-for-production-0123456789-abcdefghijklmnop")
os.environ.setdefault("TASKS_IMMEDIATE", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from otop_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the apps' folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# django-axes needs the request in authenticate(); the test client's login() has none.
# Tests of the lockout itself switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
