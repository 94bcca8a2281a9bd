"""The `auditor` command: audit disclosures in-process and print a report; list the rule catalog.

    auditor audit PATH... [--format text|json] [--db URL] [--no-store] [-v]
                  [--rules-config PATH] [--select RULE,...] [--ignore RULE,...] [--profile NAME]
    auditor rules [--format text|json|markdown] [--rules-config PATH] [--rules-path DIR] [--profile NAME]
    auditor rules check FILE    validate a rule declaration file and run its own examples
    auditor rules engine [--format text|json]   the durable_rules ruleset that decides outcomes
    auditor serve | worker | db upgrade | token create|list|revoke | config   (auditor.service_cli)

Exit status, like a linter: 0 when no finding of severity error, 1 when there is one, 2 when a
document failed, could not be stored, or the call itself was wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing
from typing import TYPE_CHECKING

import structlog
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from auditor.logs import configure_logging
from auditor.pipeline import audit_document, content_hash
from auditor.report import AuditedDocument, render_json, render_text
from auditor.result import DocumentResult
from ingest.loader import InputDocument, count_inputs, iter_inputs, one_line

if TYPE_CHECKING:
    from rules.settings import RuleConfig
    from store.repository import Store

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_TROUBLE = 2
EXIT_INTERRUPTED = 130

log = structlog.get_logger("auditor.cli")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `auditor` command and its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output on stderr (-vv: debug)"
    )

    parser = argparse.ArgumentParser(
        prog="auditor",
        description="审核部门决算/预算公开文件 (audit Chinese budget and final-account disclosures).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="audit PDF/TXT files, directories or ZIP archives and print a report",
        description="Audit each document in-process, store it with its facts and findings, print a report.",
    )
    audit.add_argument(
        "paths", nargs="+", metavar="PATH", help=".pdf (with a text layer), .txt, directory or .zip"
    )
    audit.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    audit.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $AUDITOR_DATABASE_URL, else a SQLite file in the user data dir)",
    )
    audit.add_argument("--no-store", action="store_true", help="do not store anything; only print the report")
    _rule_options(audit, selection=True)

    rules = commands.add_parser("rules", parents=[common], help="list the rule catalog")
    rules.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; markdown: the documentation page docs/rules.md)",
    )
    rules.add_argument(
        "action",
        nargs="?",
        choices=("check", "engine"),
        help="check: validate FILE and run its examples; engine: list the durable_rules ruleset that "
        "decides every check's outcome (text or json)",
    )
    rules.add_argument("file", nargs="?", metavar="FILE", help="a rule declaration file (TOML), for `check`")
    _rule_options(rules, selection=False)
    from auditor.service_cli import add_service_commands

    add_service_commands(commands, common)
    return parser


def _rule_options(parser: argparse.ArgumentParser, selection: bool) -> None:
    """--rules-config and --profile (and, for audit, --select / --ignore)."""
    parser.add_argument(
        "--rules-config",
        metavar="PATH",
        help="rule settings file laid over the packaged defaults (default: $AUDITOR_RULES_CONFIG)",
    )
    parser.add_argument(
        "--rules-path",
        metavar="DIR",
        help="folder of extra rule declaration files (*.toml), run beside the packaged ones "
        "(in addition to $AUDITOR_RULES_PATH)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="check every document as this template (default: recognised per document)",
    )
    if selection:
        parser.add_argument(
            "--select",
            metavar="RULE,...",
            help="run only these rules (ids, id prefixes such as X01- or CMP-, or families such as cross_table)",
        )
        parser.add_argument(
            "--ignore", metavar="RULE,...", help="do not run these rules (same forms as --select)"
        )


def _tokens(value: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (value or "").split(",") if t.strip())


def rule_config(
    rules_config: str | None = None,
    select: str | None = None,
    ignore: str | None = None,
    profile: str | None = None,
) -> RuleConfig | None:
    """The rule configuration the flags ask for, or None when they ask for nothing special.

    Raises rules.settings.SettingsError for a settings file that cannot be used, an unknown
    profile, or a --select/--ignore entry that names no rule.
    """
    from rules import catalog
    from rules.settings import RuleConfig, SettingsError, check_tokens, default_settings, load_settings

    if not (rules_config or select or ignore or profile):
        return None
    settings = load_settings(rules_config) if rules_config else default_settings()
    chosen, dropped = _tokens(select), _tokens(ignore)
    unknown = check_tokens((*chosen, *dropped), catalog())
    if unknown:
        raise SettingsError(f"--select/--ignore 中的“{'、'.join(unknown)}”不是规则编号、编号前缀或规则类别")
    return RuleConfig(settings, select=chosen, ignore=dropped, profile=profile)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, a wrong call exits 2
        return exc.code if isinstance(exc.code, int) else EXIT_TROUBLE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_TROUBLE
    configure_logging(args.verbose)
    from auditor.service_cli import SERVICE_COMMANDS, run_service_command

    if args.command in SERVICE_COMMANDS:
        return run_service_command(args)
    try:
        try:
            _load_declarations(args.rules_path)
        except ValueError as exc:  # rules.identities.DeclarationError: a broken declaration file
            print(f"auditor: {exc}", file=sys.stderr)
            return EXIT_TROUBLE
        from rules.settings import SettingsError

        if args.command == "rules" and args.action == "check":
            return run_rules_check(args.file)
        if args.command == "rules" and args.action == "engine":
            return run_rules_engine(args.format)
        try:
            if args.command == "rules":
                config = rule_config(args.rules_config, profile=args.profile)
            else:
                config = rule_config(args.rules_config, args.select, args.ignore, args.profile)
        except SettingsError as exc:
            print(f"auditor: {exc}", file=sys.stderr)
            return EXIT_TROUBLE
        if args.command == "rules":
            return run_rules(args.format, config)
        return run_audit(
            args.paths, output=args.format, db_url=args.db, store=not args.no_store, config=config
        )
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return EXIT_INTERRUPTED


def _load_declarations(rules_path: str | None) -> None:
    """Import the rules ($AUDITOR_RULES_PATH is loaded then) and load --rules-path; a broken
    declaration raises rules.identities.DeclarationError (a ValueError) naming file and line."""
    import rules  # noqa: F401  (loads the packaged declarations and $AUDITOR_RULES_PATH)
    from rules.identities import load_rules_path

    if rules_path:
        load_rules_path(rules_path)


def run_rules_engine(output: str = "text") -> int:
    """Print the outcome ruleset as registered with durable_rules: one line per engine rule (its
    name — rule id and outcome for the rules compiled from declarations —, the outcome it records
    and its condition), or the same as JSON with each condition's durable_rules definition."""
    from rules.outcomes import describe_ruleset

    described = describe_ruleset()
    if output == "json":
        sys.stdout.write(json.dumps(described, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    if output == "markdown":
        print("auditor: rules engine 只支持 --format text 或 json", file=sys.stderr)
        return EXIT_TROUBLE
    compiled = sum(1 for r in described if ":" in r["name"])
    for r in described:
        print(f"{r['name']}  →  {r['outcome']}    当 {r['when']}")
        if r["meaning"]:
            print(f"    {r['meaning']}")
    print(
        f"{len(described)} 条引擎规则（其中 {compiled} 条按规则编号由声明编译，其余为 Python 规则共用的通用结论规则）"
    )
    return EXIT_CLEAN


def run_rules_check(file: str | None) -> int:
    """Validate one declaration file and run its own examples: 0 when every rule has a fires and a
    silent example and each does what it says, 1 otherwise, 2 when the file is refused."""
    from pathlib import Path

    from rules.identities import DeclarationError, load_file
    from rules.identities.examples import run_examples

    if not file:
        print("auditor: rules check 需要一个规则声明文件 (FILE)", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        declared = load_file(Path(file))
    except DeclarationError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    results = run_examples(declared)
    failed = 0
    for ident in declared:
        print(f"{ident.id}  {ident.spec.title}  （{ident.source}）")
        mine = [r for r in results if r.rule_id == ident.id]
        for want in ("fires", "silent"):
            if not any(r.expect == want for r in mine):
                failed += 1
                print(f'  ✗ 缺少 expect = "{want}" 的示例')
        for r in mine:
            mark = "✓" if r.ok else "✗"
            failed += not r.ok
            print(f"  {mark} 第{r.line}行示例：期望 {r.expect}，结果 {r.got}")
            for message in r.messages:
                print(f"      {message}")
    print(f"{len(declared)} 条规则，{len(results)} 个示例，{failed} 处不符")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def run_audit(
    paths: Sequence[str],
    output: str = "text",
    db_url: str | None = None,
    store: bool = True,
    config: RuleConfig | None = None,
) -> int:
    """Audit every document `paths` name, store each result, print the report; return the exit status."""
    with ExitStack() as stack:
        repository: Store | None = None
        if store:
            try:
                repository = stack.enter_context(_open_store(db_url))
            except Exception as exc:  # a wrong URL or an unreachable server: the call cannot be honoured
                print(f"auditor: 无法打开数据库 (cannot open the database): {one_line(exc)}", file=sys.stderr)
                return EXIT_TROUBLE
        batch = audit_batch(paths, repository, config)
    if output == "json":
        sys.stdout.write(render_json(batch) + "\n")
    else:
        render_text(_stdout_console(), batch)
    return exit_status(batch)


def audit_batch(
    paths: Sequence[str], repository: Store | None = None, config: RuleConfig | None = None
) -> list[AuditedDocument]:
    """Audit (and store, given a repository) each document in turn, with a progress bar on a terminal."""
    batch: list[AuditedDocument] = []
    with closing(_with_progress(iter_inputs(paths), count_inputs(paths))) as docs:
        for doc in docs:
            item = AuditedDocument(audit_input(doc, config))
            if repository is not None:
                save(repository, item)
            batch.append(item)
    return batch


def audit_input(doc: InputDocument, config: RuleConfig | None = None) -> DocumentResult:
    """Audit one loaded input. Never raises: any failure becomes a failed result with a one-line reason."""
    if doc.data is None:
        return DocumentResult(
            doc.source, "failed", error=doc.error or "无法读取 (unreadable)", file_name=doc.file_name
        )
    try:
        if config is None:
            return audit_document(doc.source, doc.data, doc.file_name)
        return audit_document(doc.source, doc.data, doc.file_name, config=config)
    except Exception as exc:  # one document's crash must not end the batch
        log.error("audit_crashed", source=doc.source, exc_info=True)
        detail = one_line(exc)
        name = type(exc).__name__
        reason = f"{name}: {detail}" if detail != name else name
        return DocumentResult(
            doc.source,
            "failed",
            error=f"内部错误 (internal error): {reason}",
            content_hash=content_hash(doc.data),
            file_name=doc.file_name,
        )


def exit_status(batch: Sequence[AuditedDocument]) -> int:
    """2 when a document failed or storing it failed, else 1 when a finding is an error, else 0."""
    if any(item.result.status != "ok" or item.store_error for item in batch):
        return EXIT_TROUBLE
    if any(f.severity == "error" for item in batch for f in item.result.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _open_store(db_url: str | None) -> Store:
    """The store at --db, else $AUDITOR_DATABASE_URL, else the default SQLite file (imported here:
    only `audit` needs the database)."""
    from store.db import open_store

    return open_store(db_url)


def save(repository: Store, item: AuditedDocument) -> None:
    """Store one result; a failure is reported on stderr and marked on the item, and the batch goes on."""
    try:
        item.document_id = repository.save_result(item.result)
    except Exception as exc:
        log.error("store_failed", source=item.result.source, error=one_line(exc), exc_info=True)
        item.stored = False
        item.store_error = one_line(exc)
    else:
        item.stored = item.document_id is not None


def _with_progress(docs: Iterator[InputDocument], total: int) -> Iterator[InputDocument]:
    """`docs` as they come, behind a progress bar on stderr naming the one being audited.
    Shown only on a terminal and only for more than one document."""
    console = Console(stderr=True)
    if total <= 1 or not console.is_terminal:
        yield from docs
        return
    columns = (TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *columns, TextColumn("{task.description}", style="dim"), console=console, transient=True
    ) as bar:
        task = bar.add_task("", total=total)
        for done, doc in enumerate(docs, start=1):
            # nested archives can hold more documents than were counted up front
            bar.update(task, description=doc.source, total=max(total, done))
            yield doc
            bar.advance(task)


def _stdout_console() -> Console:
    terminal = sys.stdout.isatty()
    return Console(file=sys.stdout, highlight=False, soft_wrap=not terminal)


def run_rules(output: str = "text", config: RuleConfig | None = None) -> int:
    """Print the rule catalog (id, severity, title; every field with --format json; the
    documentation page with --format markdown). With a profile (or a settings file), the
    severity and enabled state are those in effect for documents of that template."""
    from rules import catalog, catalog_markdown  # imported here: only `rules` needs the catalog up front

    if output == "markdown":
        sys.stdout.write(catalog_markdown())
        return EXIT_CLEAN
    specs = catalog()
    entries = [spec.as_dict() for spec in specs]
    if config is not None:
        profile = config.settings.profile(config.profile) if config.profile else None
        for spec, entry in zip(specs, entries, strict=True):
            if profile is not None:
                entry["enabled"], entry["severity"] = config.state(spec, profile)
            elif (setting := config.settings.rules.get(spec.id)) is not None:
                entry["enabled"] = entry["enabled"] if setting.enabled is None else setting.enabled
                entry["severity"] = setting.severity or entry["severity"]
    if output == "json":
        sys.stdout.write(json.dumps({"rules": entries}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_CLEAN
    table = Table(box=None, pad_edge=False)
    table.add_column("规则", no_wrap=True)
    table.add_column("级别", no_wrap=True)
    table.add_column("说明", overflow="fold")
    for entry in entries:
        title = str(entry["title"]) + ("" if entry["enabled"] else "（未启用）")
        table.add_row(Text(str(entry["id"])), Text(str(entry["severity"])), Text(title))
    console = _stdout_console()
    console.print(table)
    console.print(Text(f"{len(entries)} 条规则"))
    return EXIT_CLEAN
