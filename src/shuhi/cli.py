"""The `shuhi` command.

Engine commands (scan, stamp, trace, logreview) run without Django so that they start fast and
work on a machine that only has the documents; everything else is a Django management command.
"""

from __future__ import annotations

import os
import sys

from shuhi.i18n import gettext as _
from shuhi.i18n import gettext_noop, language, localise_argparse

ENGINE_COMMANDS = {
    "scan": ("shuhi.documents.cli", "scan_main"),
    "stamp": ("shuhi.documents.cli", "stamp_main"),
    "trace": ("shuhi.documents.cli", "trace_main"),
    "logreview": ("shuhi.logreview.cli", "main"),
}

# Django management commands that `shuhi` exposes; `serve` and `createadmin` are shuhi's own.
DJANGO_COMMANDS = {
    "migrate", "demo", "audit", "backup", "restore", "serve", "createadmin", "worker", "ledger", "locations", "reviews",
    "frameworks", "reminders", "check", "shell", "createtoken", "compilemessages", "collectstatic", "makemigrations",
    "showmigrations", "makemessages", "changepassword", "dbshell", "qcluster", "disclosures",
    "notifications", "people", "pledges", "training", "risks", "report", "incidents",
}

# One message per line rather than one block, so that adding a command does not orphan the
# translation of all the others.
COMMAND_HELP = (
    ("migrate", gettext_noop("create or update the database")),
    ("demo", gettext_noop("load demo data (a fictional manufacturer and its suppliers)")),
    ("createadmin", gettext_noop("create an administrator account")),
    ("createtoken", gettext_noop("create an API token for a user")),
    ("serve", gettext_noop("run the web server (default http://127.0.0.1:8000)")),
    ("worker", gettext_noop("run the background job worker")),
    ("audit verify", gettext_noop("re-compute the audit log's hash chain")),
    ("backup", gettext_noop("write the database, private files and keys to one archive (while serving)")),
    ("restore", gettext_noop("restore an installation from a backup archive (all or nothing)")),
    ("ledger", gettext_noop(
        "import, export or check the information-asset ledger (import/export/template/check)")),
    ("locations", gettext_noop("import or export storage locations")),
    ("frameworks", gettext_noop("list, import or export assessment frameworks (CISO Assistant format)")),
    ("reminders", gettext_noop("record due-date reminders for supplier assessments")),
    ("reviews roll", gettext_noop("schedule the log-review cycles that are due (run daily)")),
    ("disclosures", gettext_noop("who holds an asset, its evidence pack, NDA reminders (holders/evidence/reminders)")),
    ("notifications", gettext_noop("send the daily e-mail summaries, or e-mails still waiting (digest/send)")),
    ("people import", gettext_noop("register or update people from HR's CSV or Excel file (all or nothing)")),
    ("pledges pending", gettext_noop("pledges not yet acknowledged, with the secrets they name (--json)")),
    ("training", gettext_noop("overdue training reminders, classification module refresh (reminders/refresh)")),
    ("risks", gettext_noop("insider-fraud risks: review reminders (run daily), or load the starter set")),
    ("report monthly", gettext_noop("make the monthly management report as a PDF (--month YYYY-MM OUT.pdf)")),
    ("incidents", gettext_noop("delete reports past their retention, or print incidents by cause (purge/stats)")),
    ("scan", gettext_noop("find confidentiality labels in documents")),
    ("stamp", gettext_noop("stamp a document given to a supplier")),
    ("trace", gettext_noop("read the fingerprint of a leaked copy")),
    ("logreview", gettext_noop("periodic review of access logs")),
)


def usage() -> str:
    lines = [_("usage: shuhi COMMAND [ARGS...]"), "", _("Commands:")]
    lines += [f"  {name:<14} {_(text)}" for name, text in COMMAND_HELP]
    lines += ["", _("Run `shuhi COMMAND --help` for the options of a command."), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    localise_argparse()
    if not argv or argv[0] in {"-h", "--help", "help"}:
        sys.stdout.write(usage())
        return 0
    command, rest = argv[0], argv[1:]
    if command in ENGINE_COMMANDS:
        module_name, func_name = ENGINE_COMMANDS[command]
        module = __import__(module_name, fromlist=[func_name])
        return int(getattr(module, func_name)(rest) or 0)
    if command not in DJANGO_COMMANDS:
        message = _("unknown command %(command)r") % {"command": command}
        sys.stderr.write(f"shuhi: {message}\n\n{usage()}")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuhi.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from django.utils import translation

    from shuhi.core.audit.context import audit_source

    try:
        # The same language as the engine commands (SHUHI_LANG, then the locale) rather than always the
        # site's LANGUAGE_CODE; override, not activate, so that a caller such as a test gets its own back.
        with audit_source("cli"), translation.override(language()):
            execute_from_command_line(["shuhi", command, *rest])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
