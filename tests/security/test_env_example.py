"""Every variable .env.example names is one the code reads (no drift between the two)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
READERS = [
    ROOT / "otop_site" / "settings.py",
    ROOT / "otop_site" / "storage.py",
    ROOT / "deploy" / "gunicorn.conf.py",
    *(ROOT / "registry" / "importing").glob("*.py"),
]


def test_every_variable_of_env_example_is_read():
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    assert {"SECRET_KEY", "DATABASE_URL", "UPLOAD_STORAGE", "S3_BUCKET"} <= set(names)
    code = "\n".join(path.read_text(encoding="utf-8") for path in READERS)
    for name in names:
        base = name.removesuffix("_FILE")  # envsecret() reads NAME and NAME_FILE
        assert f'"{base}"' in code, f"{name} is in .env.example but nothing reads it"
