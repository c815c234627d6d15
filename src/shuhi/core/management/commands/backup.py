from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.backup import BackupError, backup_create
from shuhi.core.commands import ShuhiCommand


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}"


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Write one archive (tar.gz) with the database, the private files and the installation's keys, "
        "consistent while the server runs. It holds the keys: keep it as safe as them.")

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help=gettext_lazy(
            "the archive to write, or a folder to write a dated archive in"))
        parser.add_argument("--without-keys", action="store_true", help=gettext_lazy(
            "leave the installation's keys out of the archive (keep a copy of them elsewhere: restore needs them)"))

    def handle(self, *args, out, without_keys, **options):
        try:
            summary = backup_create(out=Path(out), keys=not without_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Backup written to %(path)s: %(size)s MB in %(seconds).1f s (database %(db)s MB, "
                            "%(files)s private files of %(files_size)s MB, keys: %(keys)s).") % {
            "path": summary.path, "size": megabytes(summary.size), "seconds": summary.seconds,
            "db": megabytes(summary.database_size), "files": summary.files,
            "files_size": megabytes(summary.files_size), "keys": ", ".join(summary.secrets) or "-"})
        if without_keys:
            self.stderr.write(_("The keys are not in the archive: keep a copy of the *.key files of the data "
                                "directory elsewhere. A restore without the same audit key cannot verify the audit "
                                "log."))
        if summary.secrets_in_environment:
            self.stderr.write(_("Not in the archive, because they come from the environment: %(names)s. Keep "
                                "them with the archive, or the restored installation cannot use them.")
                              % {"names": ", ".join(summary.secrets_in_environment)})
