"""Several server processes on one port: ``guardrail serve --workers N``.

One event loop uses one core. Here the parent binds the listening socket once and
uvicorn's supervisor spawns N workers that accept on it; each worker builds its own app
(engine, telemetry, upstream) from a picklable factory. The parent restarts a worker
that dies or stops answering its health pings, replaces them one by one on SIGHUP, and
on SIGINT/SIGTERM stops them all; each worker's shutdown flushes its audit records.

Metrics are kept in prometheus-client's multiprocess mode: the parent creates a fresh
``PROMETHEUS_MULTIPROC_DIR`` before any worker starts (the client library reads it when
first imported, and spawned workers import it afresh), every worker's ``/metrics``
merges all the files, and the parent removes the directory when it exits. The audit
store needs nothing: every worker appends to the same SQLite file, one transaction per
batch, so the hash chain stays one chain.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess

from guardrail.proxy.settings import Settings

__all__ = ["MULTIPROC_ENV", "metrics_directory", "serve_workers"]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: a long check holds the GIL and delays the worker's answer to a health ping; only a
#: worker silent this long is taken for hung and replaced
_HEALTHCHECK_TIMEOUT_S = 10


def serve_workers(
    settings: Settings,
    app_factory: Callable[[str], Any],
    *,
    on_listening: Callable[[int], None] | None = None,
    **uvicorn_options: Any,
) -> int:
    """Serve ``settings.workers`` processes until SIGINT/SIGTERM; the exit status.

    ``app_factory(metrics_dir)`` runs in each worker and returns its ASGI app; it must
    be picklable (a module-level function, or a `functools.partial` of one).
    ``on_listening(port)`` is called once the socket is bound, before the workers start.
    """
    with metrics_directory() as metrics_dir:
        config = uvicorn.Config(
            functools.partial(app_factory, metrics_dir),
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            timeout_worker_healthcheck=_HEALTHCHECK_TIMEOUT_S,
            **uvicorn_options,
        )
        sock = config.bind_socket()
        try:
            # listening from now on: connections made while the workers start wait for them
            sock.listen(config.backlog)
            if on_listening is not None:
                on_listening(int(sock.getsockname()[1]))
            supervisor = Multiprocess(config, sockets=[sock])
            supervisor.run()
        finally:
            sock.close()
    # a worker that could not start (bad app, unreadable file) stops the whole server
    failed = any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes)
    return 3 if failed else 0


@contextmanager
def metrics_directory() -> Iterator[str]:
    """A fresh ``PROMETHEUS_MULTIPROC_DIR``, set for the workers and removed afterwards.

    Always a new one: files left by an earlier run would be added to this run's totals.
    """
    path = tempfile.mkdtemp(prefix="guardrail-metrics-")
    previous = os.environ.get(MULTIPROC_ENV)
    os.environ[MULTIPROC_ENV] = path  # spawned workers inherit the environment
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(MULTIPROC_ENV, None)
        else:
            os.environ[MULTIPROC_ENV] = previous
        shutil.rmtree(path, ignore_errors=True)
