"""Run the minute-by-minute commands (publish_scheduled) in one long-running process.

Starting Django costs seconds of CPU (every app, Wagtail, the URL configuration); `publish_scheduled`
itself, when nothing is due, a few milliseconds. A cron line or a timer every minute pays the start
each time; this process pays it once, then calls the commands in-process at the start of every
minute. Run it on exactly one machine (deploy/systemd/rhinocc-periodic.service, README).
"""

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

DEFAULT_COMMANDS = ("publish_scheduled",)


class Command(BaseCommand):
    help = "Lance publish_scheduled (ou les commandes données) chaque minute, dans un seul processus."

    def add_arguments(self, parser):
        parser.add_argument(
            "commands", nargs="*", default=list(DEFAULT_COMMANDS), help="Commandes à lancer (publish_scheduled)."
        )
        parser.add_argument("--interval", type=float, default=60, help="Secondes entre deux passages (60).")
        parser.add_argument("--runs", type=int, default=0, help="S'arrêter après ce nombre de passages (0 : jamais).")

    def handle(self, *args, commands, interval, runs, **options):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        done = 0
        while not stop.is_set():
            for name in commands:
                self._run(name)
            done += 1
            if runs and done >= runs:
                break
            # The start of the next period: runs stay on the minute, whatever each one took.
            stop.wait(interval - (time.time() % interval) if interval > 0 else 0)

    def _run(self, name):
        # A database restarted since the last run: a fresh connection rather than a dead one (never
        # inside a caller's transaction, which closing would lose).
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception:
            logger.exception("run_periodic : la commande %s a échoué", name)
        finally:
            if not connection.in_atomic_block:
                close_old_connections()
