"""gunicorn settings for OTOP Select; every value can be overridden from the environment."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# Keep idle connections longer than nginx's upstream keepalive (60 s) and than clients'
# pauses: with gunicorn's default 2 s, a request sent as the server closes the idle
# connection is reset (seen in bench/load.py as "Connection reset by peer").
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
