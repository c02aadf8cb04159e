"""gunicorn settings, read from the environment (see README: Deploy)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "rhinocc.wsgi:application"
# Request line and header sizes: gunicorn's defaults (4094 and 8190 bytes) would refuse, with its own
# English pages, URLs that nginx (deploy/nginx/rhinocc.conf: 8 KB buffers) lets through, such as
# directory filters or an encoded search. 8190 is gunicorn's ceiling and matches nginx, which thus
# refuses first, in French; going higher only costs memory per request.
limit_request_line = 8190
limit_request_field_size = 8190
