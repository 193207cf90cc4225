"""The demo users: `fixtures/users.json` (username, role, names, scope, one shared password).

`{"format": 1, "password": "…", "users": [{"username", "role", "first_name",
"last_name", "province", "district", "is_admin"}]}`; `role` is an `accounts.models.Role`
value, `province`/`district` DOPA codes. Loaded keyed by username: a second run resets
their role, scope and password and adds nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from demo.registry import FIXTURES

USERS_FILE = FIXTURES / "users.json"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # accounts.models.Role value
    first_name: str
    last_name: str
    province: str | None = None
    district: str | None = None
    is_admin: bool = False


@dataclass(frozen=True)
class DemoUsers:
    password: str
    users: list[DemoUser]


def demo_users_read(path: Path | None = None) -> DemoUsers:
    """The users file, or ValueError with a Thai message naming what is wrong."""
    path = path or USERS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != 1:
            raise ValueError(f"format ต้องเป็น 1 (พบ {data.get('format')})")
        return DemoUsers(str(data["password"]), [DemoUser(**row) for row in data["users"]])
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise ValueError(f"ไฟล์ผู้ใช้สาธิต {path.name} ไม่ถูกต้อง: {error}") from error


@transaction.atomic
def demo_users_upsert(*, demo: DemoUsers) -> None:
    """Create or reset the demo users (role, scope and password), keyed by username."""
    # One hash for all: a slow password hasher per user would cost seconds.
    password_hash = make_password(demo.password)
    rows = []
    for u in demo.users:
        user = User(
            username=u.username,
            password=password_hash,
            role=u.role,
            first_name=u.first_name,
            last_name=u.last_name,
            province_id=u.province,
            district_id=u.district,
            is_staff=u.is_admin,
            is_superuser=u.is_admin,
            is_active=True,
        )
        user.full_clean(exclude=["password", "username"], validate_unique=False)
        rows.append(user)
    User.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["username"],
        update_fields=[
            "password",
            "role",
            "first_name",
            "last_name",
            "province",
            "district",
            "is_staff",
            "is_superuser",
            "is_active",
        ],
    )
