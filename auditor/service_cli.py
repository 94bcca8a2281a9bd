"""The service's subcommands of `auditor`: serve, worker, db upgrade, token, config.

auditor serve [--host H] [--port P]            the HTTP API (embedded queue without AUDITOR_REDIS_URL)
auditor worker [--processes N] [--threads M]   dramatiq workers under a restarting supervisor
auditor db upgrade                             migrate the database to the code's schema
auditor token create --role admin|inspector|viewer [--unit NAME] [--name NAME]
auditor token list | auditor token revoke ID
auditor config                                 the effective AUDITOR_* settings, secrets masked
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK = 0
EXIT_TROUBLE = 2


def add_service_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Register the service's subcommands on the `auditor` parser."""
    from auditor.settings import Settings

    settings = Settings()  # not the cached process settings: reading defaults must not pin them
    serve = commands.add_parser("serve", parents=[common], help="run the HTTP API (uvicorn)")
    serve.add_argument(
        "--host", default=settings.host, help=f"address to listen on (default: {settings.host})"
    )
    serve.add_argument("--port", type=int, default=settings.port, help=f"port (default: {settings.port})")

    worker = commands.add_parser("worker", parents=[common], help="run queue workers (dramatiq + Redis)")
    worker.add_argument("--processes", type=int, default=settings.worker_processes, help="worker processes")
    worker.add_argument("--threads", type=int, default=settings.worker_threads, help="threads per process")
    worker.add_argument("--queues", nargs="*", default=(), help="only these queues (default: all)")

    db = commands.add_parser("db", parents=[common], help="database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser(
        "upgrade", help="migrate the database ($AUDITOR_DATABASE_URL) to the current schema"
    )
    db_commands.add_parser("current", help="print the schema revision of the database and of the code")

    token = commands.add_parser("token", parents=[common], help="API tokens")
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_commands.add_parser("create", help="create a token (printed once, as the last word)")
    create.add_argument("--role", choices=("admin", "inspector", "viewer"), required=True)
    create.add_argument("--unit", help="scope the token to this unit (its documents and anomalies only)")
    create.add_argument("--name", help="who the token is for (shown in anomaly history)")
    token_commands.add_parser("list", help="list tokens (never the tokens themselves)")
    revoke = token_commands.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id", type=int)

    config = commands.add_parser("config", parents=[common], help="print the effective configuration")
    config.add_argument("--format", choices=("text", "json"), default="text")


SERVICE_COMMANDS = ("serve", "worker", "db", "token", "config")


def run_service_command(args: argparse.Namespace) -> int:
    """Run one of the service's subcommands; the exit status."""
    if args.command == "config":
        return run_config(args.format)
    if args.command == "db":
        return run_db(args.db_command)
    if args.command == "token":
        return run_token(args)
    if args.command == "serve":
        return run_serve(args.host, args.port)
    return run_worker(args.processes, args.threads, args.queues)


def run_config(output: str) -> int:
    """Print every AUDITOR_* setting with its effective value (secrets masked)."""
    from auditor.settings import Settings, describe

    rows = describe(Settings())
    if output == "json":
        print(json.dumps({"settings": rows}, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    for row in rows:
        print(f"{row['variable']}={'' if row['value'] is None else row['value']}")
        print(f"    {row['type']}, default {row['default']!r}: {row['description']}")
    return EXIT_OK


def run_db(action: str) -> int:
    """`db upgrade` migrates; `db current` shows the revisions."""
    from auditor.settings import Settings
    from store.db import current_revision, head_revision, open_store
    from store.engine import create_store_engine, normalize_url

    url = Settings().database()
    if action == "upgrade":
        try:
            with open_store(url) as store:
                revision = current_revision(store.engine)
                shown = store.engine.url.render_as_string(hide_password=True)
        except Exception as exc:
            print(f"auditor: 无法升级数据库 (cannot upgrade): {exc}", file=sys.stderr)
            return EXIT_TROUBLE
        print(f"{shown}: schema at revision {revision}")
        return EXIT_OK
    from store.db import default_database_url

    engine = create_store_engine(normalize_url(url or default_database_url()))
    try:
        print(f"database: {current_revision(engine)}  code: {head_revision()}")
    finally:
        engine.dispose()
    return EXIT_OK


def _service_store():  # type: ignore[no-untyped-def]
    from auditor.settings import Settings
    from store.db import open_store

    return open_store(Settings().database(), migrate=False)


def run_token(args: argparse.Namespace) -> int:
    """create / list / revoke API tokens."""
    from store.db import SchemaBehindError
    from store.tokens import create_token, list_tokens, revoke_token

    try:
        store = _service_store()
    except SchemaBehindError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    with store:
        if args.token_command == "create":
            try:
                plain, record = create_token(store, args.role, args.unit, args.name)
            except ValueError as exc:
                print(f"auditor: {exc}", file=sys.stderr)
                return EXIT_TROUBLE
            scope = f", unit {record.unit}" if record.unit else ""
            print(f"token {record.id} ({record.name}, role {record.role}{scope}) — shown once, keep it:")
            print(plain)
            return EXIT_OK
        if args.token_command == "list":
            for t in list_tokens(store):
                state = f"revoked {t.revoked_at.isoformat()}" if t.revoked_at else "active"
                print(
                    f"{t.id}\t{t.prefix}…\t{t.role}\t{t.unit or '-'}\t{t.name}\t{t.created_at.isoformat()}\t{state}"
                )
            return EXIT_OK
        if revoke_token(store, args.id):
            print(f"token {args.id} revoked")
            return EXIT_OK
        print(f"auditor: no active token {args.id}", file=sys.stderr)
        return EXIT_TROUBLE


def _check_schema() -> int | None:
    """None when the database is ready; else prints what to run and returns the exit status."""
    from store.db import SchemaBehindError

    try:
        _service_store().close()
    except SchemaBehindError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    except Exception as exc:
        print(f"auditor: 无法打开数据库 (cannot open the database): {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    return None


def run_serve(host: str, port: int) -> int:
    """The HTTP API under uvicorn (refuses a database whose schema is behind)."""
    import uvicorn

    from api.app import create_app
    from auditor.logs import configure_service_logging
    from auditor.settings import get_settings

    settings = get_settings()
    configure_service_logging(settings.log_format, settings.log_level)
    problem = _check_schema()
    if problem is not None:
        return problem
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
    return EXIT_OK


def run_worker(processes: int, threads: int, queues: list[str]) -> int:
    """dramatiq over Redis under the restarting supervisor (refuses without Redis or a current schema)."""
    from auditor.logs import configure_service_logging
    from auditor.settings import get_settings
    from workers.supervisor import dramatiq_command, supervise

    settings = get_settings()
    configure_service_logging(settings.log_format, settings.log_level)
    if not settings.redis():
        print(
            "auditor: AUDITOR_REDIS_URL is not set — workers need Redis; without it `auditor serve` "
            "runs the queue in-process",
            file=sys.stderr,
        )
        return EXIT_TROUBLE
    problem = _check_schema()
    if problem is not None:
        return problem
    return supervise(dramatiq_command(processes, threads, queues))
