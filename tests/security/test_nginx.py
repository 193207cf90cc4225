"""deploy/nginx/otop-select.conf is valid for the nginx of Debian 12 (1.22) and sets the
headers the app relies on. `nginx -t` runs when nginx is installed (apt-get install nginx)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = (ROOT / "deploy" / "nginx" / "otop-select.conf").read_text()


def test_it_passes_the_scheme_and_client_address_to_django():
    # SECURE_PROXY_SSL_HEADER and TRUSTED_PROXY_COUNT=1 read exactly these.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in SITE
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in SITE
    assert "proxy_set_header Host $host;" in SITE


def test_uploaded_files_are_never_served_by_nginx():
    # Only the app's download views (which check who may see a file) hand them out.
    assert re.search(r"location \^~ /media/ \{\s+return 404;\s+\}", SITE)
    assert "MEDIA_ROOT" not in SITE.replace("Never alias MEDIA_ROOT", "")
    assert "/var/lib/otop-select/media" not in SITE


def test_plain_http_is_sent_to_https():
    assert re.search(r"listen 80;\s+server_name [^;]+;\s+return 301 https://", SITE)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx not installed")
def test_nginx_accepts_the_site(tmp_path):
    ssl = tmp_path / "ssl"
    ssl.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=otop.example.go.th", "-keyout", ssl / "privkey.pem",
         "-out", ssl / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = SITE.replace("/etc/ssl/otop-select/", f"{ssl}/")
    site = re.sub(r"listen 443 ssl", "listen 127.0.0.1:18443 ssl", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:18080;")
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"{name}_temp_path {tmp_path}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
