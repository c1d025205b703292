"""The ``court12368`` command. Its subcommands, each with its one-line help, are listed by
``court12368 --help`` (built by argparse from ``build_parser`` below, so the list cannot fall behind), and
each one's options by ``court12368 <command> --help``. Settings come from environment variables:
docs/configuration.md, which ``court12368 config-docs`` writes.
"""

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from court12368.startup import prepare, print_logins, setup_django, stop_all, wait_for_web

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")

AGI_PORT = 4573  # `court12368 ivr`'s FastAGI port when neither --agi-port nor COURT12368_AGI_PORT says


def _gunicorn_argv(host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "court12368.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        # The path without its query string: gateways put phone numbers, message texts (a service
        # password in "CX …") and their shared secret there, and none of it may reach a log.
        "--access-logformat",
        '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss',
        # One request per connection. A kept-alive connection stays with the process that accepted it,
        # and under steady load nearly all of them gathered on one process: its threads shared one GIL
        # while the others idled (bench/load.py: median 200 ms, p95 460 ms; closed after each response
        # 17 ms and 50 ms at the same 30 requests a second). A new local connection costs far less.
        "--keep-alive",
        "0",
        "--graceful-timeout",
        "10",
        "--timeout",
        "60",
        "--no-control-socket",
        "--config",
        "python:court12368.gunicorn_conf",
    ]


def _server_defaults(args) -> None:
    """--host, --port and --workers not given: COURT12368_HOST, _PORT and _WEB_CONCURRENCY, through the
    settings (read, not started: gunicorn starts Django in its workers)."""
    from django.conf import settings

    args.host = args.host or settings.WEB_HOST
    args.port = settings.WEB_PORT if args.port is None else args.port
    args.workers = settings.WEB_CONCURRENCY if args.workers is None else args.workers


def cmd_web(args) -> int:
    _server_defaults(args)
    os.execv(sys.executable, _gunicorn_argv(args.host, args.port, args.workers, args.threads))


def cmd_worker(args) -> int:
    setup_django()
    from django.core.management import call_command
    from django.db import InterfaceError, OperationalError, connections

    while True:  # a database restart must not take the worker down with it (tests/e2e/test_pg_restart.py)
        try:
            call_command("db_worker", interval=args.interval)
            return 0
        except (OperationalError, InterfaceError) as error:
            message = f"任务进程与数据库断开，稍后重连 / worker lost the database ({error}); reconnecting"
            print(message, file=sys.stderr, flush=True)
            connections.close_all()
            time.sleep(2)


def cmd_sweeper(args) -> int:
    setup_django()
    from django.conf import settings

    from court12368.core import sweeper

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    sweeper.run_forever(args.interval or settings.SWEEPER_INTERVAL, stop)
    return 0


def cmd_smpp_receiver(args) -> int:
    """Hold the SMPP receiver session open (delivery receipts and incoming SMS) until stopped."""
    setup_django()
    from django.conf import settings

    from court12368.sms import smpp_receiver

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    smpp_receiver.run(
        stop,
        host=settings.SMPP_HOST,
        port=settings.SMPP_PORT,
        system_id=settings.SMPP_SYSTEM_ID,
        password=settings.SMPP_PASSWORD,
    )
    return 0


def cmd_ivr(args) -> int:
    """The voice line: our SIP user agent (UDP) and the FastAGI server for Asterisk; port 0 turns one off."""
    setup_django()
    import asyncio
    import threading

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from court12368.courts.models import Court
    from court12368.ivr import agi, readiness
    from court12368.ivr.sip import uas
    from court12368.ivr.voice import Voice

    host = args.host or settings.IVR_SIP_HOST
    sip_port = settings.IVR_SIP_PORT if args.sip_port is None else args.sip_port
    agi_port = args.agi_port if args.agi_port is not None else settings.IVR_AGI_PORT
    agi_port = AGI_PORT if agi_port is None else agi_port
    voice = Voice()
    if sip_port or agi_port:
        voice.problem = readiness.speech_problem(voice.prompts.engine)
        readiness.record(voice.problem)
    if voice.problem:
        print(
            f"语音热线不接听来电 / the voice line takes no calls: {voice.problem}",
            file=sys.stderr,
            flush=True,
        )
    elif sip_port or agi_port:
        # Static prompts are synthesised once, in the background: the first callers need not wait for them.
        courts = Court.objects.filter(is_active=True)
        threading.Thread(target=lambda: voice.prepare(courts), daemon=True).start()

    async def main():
        servers = []
        if sip_port:
            sip = await uas.serve(host, sip_port, voice=voice)
            print(f"SIP: sip:12368@{host}:{sip.port} (or sip:<court code>@…)", flush=True)
        if agi_port:
            agi_host = args.agi_host or settings.IVR_AGI_HOST  # not --host: SIP may face phones, AGI never
            servers.append(await agi.serve(agi_host, agi_port, voice=voice))
            print(
                f"FastAGI: agi://{agi_host}:{agi_port}/<court code>, "
                f"Asterisk from {', '.join(settings.IVR_AGI_ALLOWED)} only (COURT12368_AGI_ALLOWED)",
                flush=True,
            )
        await asyncio.gather(*(server.serve_forever() for server in servers), asyncio.Event().wait())

    try:
        asyncio.run(main())
    except KeyboardInterrupt:  # Ctrl-C is how one stops it
        pass
    except ImproperlyConfigured as error:
        print(
            f"语音热线配置有误，请改正后重新启动 / the voice line is misconfigured: {error}", file=sys.stderr
        )
        return 1
    except OSError as error:
        print(
            f"语音热线无法启动 / the voice line cannot start: {error}. "
            "Choose other ports with COURT12368_SIP_PORT / COURT12368_AGI_PORT (0 turns one off).",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_config_docs(args) -> int:
    from court12368 import config

    sys.stdout.write(config.render_markdown())
    return 0


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["court12368 manage", *args.rest])
    return 0


def cmd_import_cases(args) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = {"passwords_out": args.passwords_out} if args.passwords_out else {}
    try:
        call_command("import_cases", args.file, **options)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_import_courts(args) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("import_courts", args.file, template=args.template)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


# The knowledge app's own commands: every option is theirs (main passes them on before argparse reads any).
KNOWLEDGE_COMMANDS = {
    "classify-eval": ("classify_eval", "accuracy of the classifiers on the held-out sets (--help)"),
    "train-substantive": ("train_substantive", "train the substantive-question detector (--help)"),
}


def cmd_knowledge_command(args) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(args.command_name, *args.rest)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def cmd_assets(args) -> int:
    from court12368.core import assets

    try:
        installed = assets.install(force=args.force)
    except assets.AssetError as error:
        print(f"前端组件下载失败 / browser libraries: {error}", file=sys.stderr)
        return 1
    print(f"browser libraries: {', '.join(installed) or 'up to date'}")
    return 0


def cmd_audit(args) -> int:
    """Verify the audit chain, or export it for an inspector (JSON lines with the hashes)."""
    setup_django()
    from court12368.core import auditchain

    if args.action == "verify":
        auditchain.seal()  # what is waiting for the sweeper is checked too
        report = auditchain.verify()
        for problem in report.problems:
            print(f"问题 / problem: {problem}", file=sys.stderr)
        state = "完好 / intact" if report.intact else "已被篡改 / BROKEN"
        print(
            f"审计链{state}: {report.entries} entries sealed, {report.unsealed} waiting, "
            f"{report.anchors} anchors checked"
        )
        return 0 if report.intact else 1
    start = dt.datetime.fromisoformat(args.start) if args.start else None
    end = dt.datetime.fromisoformat(args.end) if args.end else None
    court = None
    if args.court:
        from court12368.courts.models import Court

        court = Court.objects.filter(code=args.court).values_list("pk", flat=True).first()
        if court is None:
            print(f"没有法院代码为 {args.court} 的法院 / no court with this code", file=sys.stderr)
            return 1
    try:
        out = open(args.out, "x", encoding="utf-8") if args.out != "-" else sys.stdout  # noqa: SIM115
    except FileExistsError:
        print(f"{args.out} 已存在，不会覆盖 / exists already and is not overwritten", file=sys.stderr)
        return 1
    with out:
        for line in auditchain.export(start, end, court):
            out.write(line + "\n")
    return 0


def cmd_backup(args) -> int:
    setup_django()
    from court12368.core import backup

    try:
        manifest = backup.backup(Path(args.out), with_keys=args.with_keys)
    except backup.BackupError as error:
        print(f"备份失败 / backup failed: {error}", file=sys.stderr)
        return 1
    files = len(manifest["files"])
    print(f"已备份 / backed up to {args.out}: {manifest['database']} database and {files - 1} files")
    if not args.with_keys:
        print("密钥不在备份中，请另行保管数据目录中的 hash_key / keep the data dir's hash_key safe elsewhere")
    return 0


def cmd_restore(args) -> int:
    setup_django()
    from court12368.core import backup

    if not args.yes:
        answer = input("恢复将覆盖当前数据库和文件 / this replaces the database and files. Continue? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return 1
    try:
        manifest = backup.restore(Path(args.archive), other_key=args.other_key)
    except (backup.BackupError, OSError, EOFError) as error:
        said = " ".join(str(error).split())  # one line, whatever the archive's names hold
        print(f"恢复失败，未作任何更改 / restore failed, nothing changed: {said}", file=sys.stderr)
        return 1
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # an older backup catches up with this version
    print(f"已恢复 / restored the backup of {manifest['created_at']}")
    return 0


def cmd_purge(args) -> int:
    setup_django()
    from court12368 import retention

    done = retention.purge(dry_run=args.dry_run)
    verb = "would purge" if args.dry_run else "purged"
    print(
        f"{verb}: {done.recordings} recordings; numbers masked in {done.calls} calls, "
        f"{done.queued_calls} queued calls, {done.sms} SMS, {done.wechat} WeChat messages, "
        f"{done.orders} closed orders"
    )
    return 0


def cmd_serve(args) -> int:
    from django.conf import settings

    from court12368.datadir import data_dir

    _server_defaults(args)
    print(f"数据目录 / data dir: {data_dir()}", flush=True)
    logins = prepare()
    if logins and not settings.IVR_COURT:  # demo data: sip:12368@… reaches the demo court of the logins
        from court12368.demo.services import PRIMARY_CODE

        os.environ["COURT12368_IVR_COURT"] = PRIMARY_CODE  # for the voice line's process
    me = [sys.executable, "-m", "court12368"]
    argv = {
        "web": _gunicorn_argv(args.host, args.port, args.workers, args.threads),
        "worker": [*me, "worker"],
        "sweeper": [*me, "sweeper"],
    }
    if settings.SMS_TRANSPORT == "smpp":
        argv["smpp-receiver"] = [*me, "smpp-receiver"]
    sip_port = settings.IVR_SIP_PORT
    if sip_port:  # the voice line; under serve the Asterisk adapter stays off unless a port is given
        argv["ivr"] = [*me, "ivr", "--agi-port", str(settings.IVR_AGI_PORT or 0)]
    # Own sessions: Ctrl-C reaches only this supervisor, which then stops the children in order.
    children = [subprocess.Popen(cmd, start_new_session=True) for cmd in argv.values()]
    names = dict(zip(children, argv, strict=True))

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())

    url = f"http://{args.host}:{args.port}/"
    wait_for_web(args.host, args.port, children)  # its start-up log first: the logins are printed last
    print(f"\n12368 诉讼服务平台已启动 / court12368 is running at {url}", flush=True)
    if sip_port:
        host = settings.IVR_SIP_HOST
        print(f"语音热线 / voice line: 用软电话拨打 / dial sip:12368@{host}:{sip_port}", flush=True)
        from court12368.ivr.services import dialled_numbers

        for court_name, number in dialled_numbers():
            print(f"  {court_name}: sip:{number}@{host}:{sip_port}", flush=True)
    print("按 Ctrl-C 停止 / press Ctrl-C to stop", flush=True)
    print_logins(logins)

    exit_code = 0
    while not stop.wait(0.5):
        dead = [c for c in children if c.poll() is not None]
        for child in [c for c in dead if names[c] == "ivr"]:
            # The web platform is still worth having without the voice line (say, 5060 is a softphone's).
            print(
                "语音热线已停止，网站继续运行 / the voice line stopped; the rest runs on",
                file=sys.stderr,
                flush=True,
            )
            children.remove(child)
            dead.remove(child)
        if dead:
            for child in dead:
                print(f"{names[child]} exited with {child.returncode}; stopping", file=sys.stderr, flush=True)
            exit_code = 1
            break
    stop_all(children)
    print("已停止 / stopped", flush=True)
    return exit_code


def _from_env(name: str) -> str:
    """An option's default, in its help: the variable, and the value when that is unset."""
    from court12368 import config

    variable = config.VARIABLES[name]
    return f"{variable.env}, else {AGI_PORT if name == 'AGI_PORT' else variable.default}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="court12368",
        description="12368 诉讼服务平台 / the 12368 litigation service platform.",
        epilog="Settings are environment variables, all listed in docs/configuration.md "
        "(court12368 config-docs). `court12368 <command> --help` shows a command's options.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    # Defaults from the settings once a command runs, not here: --help works whatever the environment says.
    def server_options(p):
        p.add_argument("--host", help=f"listen address (default {_from_env('HOST')})")
        p.add_argument("--port", type=int, help=f"port (default {_from_env('PORT')})")
        p.add_argument(
            "--workers", type=int, help=f"gunicorn processes (default {_from_env('WEB_CONCURRENCY')})"
        )
        p.add_argument("--threads", type=int, default=4)

    serve = sub.add_parser("serve", help="run everything on one machine (demo data on first start)")
    server_options(serve)
    serve.set_defaults(func=cmd_serve)

    web = sub.add_parser("web", help="run the web server (gunicorn) only")
    server_options(web)
    web.set_defaults(func=cmd_web)

    ivr = sub.add_parser("ivr", help="run the voice line: SIP user agent and FastAGI server for Asterisk")
    ivr.add_argument("--host", help=f"SIP listen address (default {_from_env('SIP_HOST')})")
    ivr.add_argument("--sip-port", type=int, help=f"SIP port, 0 for none (default {_from_env('SIP_PORT')})")
    ivr.add_argument(
        "--agi-port", type=int, help=f"FastAGI port, 0 for none (default {_from_env('AGI_PORT')})"
    )
    ivr.add_argument("--agi-host", help=f"FastAGI listen address (default {_from_env('AGI_HOST')})")
    ivr.set_defaults(func=cmd_ivr)

    receiver = sub.add_parser("smpp-receiver", help="hold the SMPP session for receipts and incoming SMS")
    receiver.set_defaults(func=cmd_smpp_receiver)

    worker = sub.add_parser("worker", help="run a task worker")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    worker.set_defaults(func=cmd_worker)

    sweeper = sub.add_parser("sweeper", help="run the deadline sweeper")
    sweeper.add_argument("--interval", type=float, default=None, help="seconds between sweeps")
    sweeper.set_defaults(func=cmd_sweeper)

    imports = sub.add_parser(
        "import-cases", help="import cases (CSV, XLSX, JSON) from the trial-process system"
    )
    imports.add_argument("file")
    imports.add_argument(
        "--passwords-out", help="write generated service passwords (once) to this new CSV file"
    )
    imports.set_defaults(func=cmd_import_cases)

    import_courts = sub.add_parser(
        "import-courts", help="import courts, departments and staff (XLSX sheets 法院/部门/人员, or CSV)"
    )
    import_courts.add_argument("file")
    import_courts.add_argument(
        "--template", action="store_true", help="write the blank template (.xlsx or .csv) to FILE instead"
    )
    import_courts.set_defaults(func=cmd_import_courts)

    for name, (command, about) in KNOWLEDGE_COMMANDS.items():
        knowledge = sub.add_parser(name, help=about, add_help=False)
        knowledge.add_argument("rest", nargs=argparse.REMAINDER)
        knowledge.set_defaults(func=cmd_knowledge_command, command_name=command)

    assets = sub.add_parser(
        "assets", help="fetch the pinned browser libraries (ECharts) from the npm registry and check them"
    )
    assets.add_argument("--force", action="store_true", help="fetch again even when up to date")
    assets.set_defaults(func=cmd_assets)

    audit = sub.add_parser("audit", help="verify the tamper-evident audit log, or export it for inspectors")
    audit.add_argument("action", choices=["verify", "export"])
    audit.add_argument("--from", dest="start", help="export: from (ISO 8601, 2026-11-01T00:00+08:00)")
    audit.add_argument("--to", dest="end", help="export: end time, exclusive")
    audit.add_argument("--court", help="export: only the entries about this court (court code, e.g. 京0105)")
    audit.add_argument("--out", default="-", help="export: a new file (default: standard output)")
    audit.set_defaults(func=cmd_audit)

    backup = sub.add_parser("backup", help="write the database and stored files to one archive")
    backup.add_argument("--out", required=True, help="the archive to write (a new file)")
    backup.add_argument("--with-keys", action="store_true", help="include the data dir's keys (keep it safe)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="replace the database and stored files with a backup")
    restore.add_argument("archive")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument("--other-key", action="store_true", help="restore a backup made under another key")
    restore.set_defaults(func=cmd_restore)

    purge = sub.add_parser("purge", help="delete old recordings and mask old callers' numbers (retention)")
    purge.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")
    purge.set_defaults(func=cmd_purge)

    docs = sub.add_parser("config-docs", help="print docs/configuration.md: every environment variable")
    docs.set_defaults(func=cmd_config_docs)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured

    from court12368.datadir import PRIVATE_UMASK

    os.umask(PRIVATE_UMASK)  # first: every subcommand, and gunicorn exec'd by `web`, writes owner-only
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in KNOWLEDGE_COMMANDS:
        args = argparse.Namespace(command_name=KNOWLEDGE_COMMANDS[argv[0]][0], rest=argv[1:])
        return cmd_knowledge_command(args)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except ImproperlyConfigured as error:  # a variable that cannot be read: its name, not a traceback
        print(f"配置有误 / configuration error: {error} (docs/configuration.md)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
