"""Where uploads are kept: STORAGES["default"] built from UPLOAD_STORAGE and the S3_* variables.

settings.py calls this with ``envsecret``; tests/test_storage_s3.py calls it with a plain
mapping's ``get`` to point the same configuration at a local S3-compatible server.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from otop_site.env import envsecret


def upload_storage(kind: str, env: Callable[[str], str | None] = envsecret) -> dict:
    """The STORAGES["default"] entry for UPLOAD_STORAGE=kind ("local" or "s3")."""
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"UPLOAD_STORAGE must be local or s3, got {kind!r}")
    bucket = env("S3_BUCKET") or ""
    if not bucket:
        raise ImproperlyConfigured("UPLOAD_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL …)")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "location": env("S3_PREFIX") or "otop-select",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
