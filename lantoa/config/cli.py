"""The `lantoa` command: `lantoa demo`, `lantoa serve`, `lantoa worker`, and every Django command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
    _read_dotenv()
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        os.environ["LANTOA_DEMO"] = "true"  # whatever .env says: the demo is the demo
        os.environ.setdefault("DEBUG", "false")
        from lantoa.config.serve import demo

        demo(argv[2:])
        return
    if command == "serve":
        from lantoa.config.serve import serve

        serve(argv[2:])
        return
    if command == "worker":
        argv = [argv[0], "db_worker", *argv[2:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def _read_dotenv() -> None:
    """`.env` counts for HOST, PORT and WEB_WORKERS too, which are read before Django's settings."""
    from pathlib import Path

    import environ

    environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env", overwrite=False)


if __name__ == "__main__":
    main()
