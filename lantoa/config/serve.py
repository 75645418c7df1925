"""Serving: granian (WSGI) for the web, `db_worker` for background tasks."""

import argparse
import os
import signal
import subprocess
import sys


def _granian(host: str, port: int, workers: int, threads: int | None = None) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "lantoa.config.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads or int(os.environ.get("WEB_THREADS", "16")),
        backpressure=threads or int(os.environ.get("WEB_THREADS", "16")),
        respawn_failed_workers=True,
        log_access=False,
    ).serve()


def serve(args: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="lantoa serve", description="Serve Lan Tỏa with granian (WSGI).")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    options = parser.parse_args(args)
    _granian(options.host, options.port, options.workers)


def demo(args: list[str]) -> None:
    """Prepare the SQLite demo (migrate, load units and demo accounts), then serve it with a worker."""
    parser = argparse.ArgumentParser(prog="lantoa demo", description="Serve Lan Tỏa with demo data.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--prepare-only", action="store_true", help="load the demo data, then exit")
    options = parser.parse_args(args)

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from lantoa.config.demo import print_welcome

    os.makedirs(settings.BASE_DIR / "var", exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo")
    if options.prepare_only:
        return
    worker = subprocess.Popen(
        [sys.executable, "-m", "lantoa.config.cli", "worker", "--no-reload", "--interval", "1"],
        env={**os.environ, "LANTOA_DEMO": "true"},
    )
    print_welcome(f"http://{options.host}:{options.port}")
    try:
        _granian(options.host, options.port, 1)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
