"""gunicorn for Đồng Hành (`make serve`, deploy/compose.yaml). Web workers keep no state:
sessions live in the database, files in the database or on shared storage, so any number of
machines can run this behind a load balancer."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests (bounded memory growth), with jitter.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The application writes its own JSON line per request (config.middleware.RequestLogMiddleware).
accesslog = None
errorlog = "-"
# Behind the reverse proxy that terminates TLS (SECURE_PROXY_SSL_HEADER in the settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "config.wsgi:application"
