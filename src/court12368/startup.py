"""What `court12368 serve` does around its processes: prepare the data dir and database (the browser
libraries, migrations, static files, the demo data with its progress), wait for the web server, print the
logins last, stop the children in order. The command itself and its options are in cli.py."""

import os
import signal
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")


def setup_django() -> None:
    import django

    django.setup()


def ensure_assets() -> None:
    """The charts need ECharts; without it (say, offline) the platform still runs, with tables only."""
    from court12368.core import assets

    try:
        assets.install()
    except assets.AssetError as error:
        print(
            f"图表组件不可用，仪表盘仅显示表格 / charts unavailable, the dashboard shows tables: {error}",
            file=sys.stderr,
            flush=True,
        )


def prepare() -> list[str]:
    """Idempotent start-up: fetch the browser libraries, migrate, collect static files, load demo data
    into an empty database.

    Returns the demo login lines to print (empty when the database was not created with demo data).
    """
    setup_django()
    from django.core.management import call_command

    from court12368.demo import services as demo

    ensure_assets()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from court12368.knowledge.services import load_seed_articles

    load_seed_articles()  # articles added by an upgrade; edits made by administrators are kept
    if demo.database_is_empty():
        from django.conf import settings

        print("首次启动：正在载入演示数据 / first start: loading demo data ...", flush=True)
        demo.load_demo_data(scale=settings.DEMO_SCALE / 100, progress=Progress())
    else:
        demo.refresh_demo_slots()  # the demo court keeps bookable times in the coming days
    return demo.login_lines()


class Progress:
    """ "载入演示数据… 35%": redrawn in place on a terminal, a line every tenth otherwise (a log)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.shown = -1

    def __call__(self, fraction: float) -> None:
        percent = min(100, int(fraction * 100))
        tty = self.stream.isatty()
        if percent == self.shown or (not tty and percent // 10 == self.shown // 10 and percent < 100):
            return
        self.shown = percent
        end = ("\n" if percent == 100 else "") if tty else "\n"
        print(f"{chr(13) if tty else ''}载入演示数据… {percent}%", end=end, file=self.stream, flush=True)


def stop_all(children: list[subprocess.Popen], timeout: float = 15) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def print_logins(logins: list[str], stream=None) -> None:
    """The demo logins, the last thing `serve` prints (so no log scrolls them away)."""
    stream = stream or sys.stdout
    if logins:
        print("", file=stream)
    for line in logins:
        print(line, file=stream, flush=True)


def wait_for_web(host: str, port: int, children: list[subprocess.Popen], timeout: float = 20) -> None:
    """Until the web server answers (or a child has died, or ``timeout``)."""
    import socket

    address = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host  # noqa: S104 - a comparison
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and all(c.poll() is None for c in children):
        try:
            with socket.create_connection((address, port), timeout=0.5):
                time.sleep(0.3)  # the worker's own start-up lines come just after it binds
                return
        except OSError:
            time.sleep(0.2)
