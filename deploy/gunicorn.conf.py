"""gunicorn's settings for `make serve-prod` and production (`gunicorn -c deploy/gunicorn.conf.py`).

Pages are CPU-bound Python (templates, the rules engine) with short waits on PostgreSQL and
Redis: one worker process per core keeps every core busy, a second per core covers the
moments a worker waits on the database, and two threads per worker overlap those waits
without multiplying the memory of a process. WEB_WORKERS, WEB_THREADS and WEB_BIND override.
"""

from __future__ import annotations

import multiprocessing
import os

cores = multiprocessing.cpu_count()
workers = int(os.environ.get("WEB_WORKERS") or cores * 2)
threads = int(os.environ.get("WEB_THREADS") or 2)
worker_class = "gthread"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
pythonpath = "src"
wsgi_app = "admissions.wsgi:application"
# A slow client must not hold a worker: behind a proxy (nginx) this is short; alone, the
# uploads of 100 MB still fit.
timeout = int(os.environ.get("WEB_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# Recycle each worker after this many requests (a leak, if any, stays bounded); the jitter
# keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200
# The application is imported once, before the workers fork: shared memory, faster start.
preload_app = True
accesslog = "-"
errorlog = "-"
