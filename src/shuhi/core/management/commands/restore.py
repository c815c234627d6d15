from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.backup import BackupError
from shuhi.core.backup_restore import backup_check, backup_restore
from shuhi.core.commands import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Restore an installation from a `shuhi backup` archive. Every file is checked against the archive's "
        "manifest before anything changes, and a failed restore changes nothing. Stop `shuhi serve` first.")

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="IN", help=gettext_lazy("the archive written by `shuhi backup`"))
        parser.add_argument("--force", action="store_true", help=gettext_lazy(
            "replace an installation that already holds data"))
        parser.add_argument("--check", action="store_true", help=gettext_lazy(
            "only check the archive against its manifest; change nothing"))

    def handle(self, *args, archive, force, check, **options):
        try:
            if check:
                manifest = backup_check(archive=Path(archive))
                self.stdout.write(_("The archive is intact: %(n)s files match its manifest (made %(time)s by shuhi "
                                    "%(version)s).") % {"n": len(manifest["files"]), "time": manifest["created_at"],
                                                        "version": manifest["shuhi_version"]})
                return
            summary = backup_restore(archive=Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = summary.manifest
        self.stdout.write(_("Restored the backup made %(time)s by shuhi %(version)s: the database, %(files)s private "
                            "files and the keys %(keys)s, in %(seconds).1f s.") % {
            "time": manifest["created_at"], "version": manifest["shuhi_version"], "files": summary.files,
            "keys": ", ".join(summary.secrets) or "-", "seconds": summary.seconds})
        missing = manifest.get("secrets_in_environment") or []
        if missing:
            self.stderr.write(_("The backed-up installation took these keys from the environment, so they are not "
                                "in the archive: %(names)s. Set the same values here.") % {"names": ", ".join(missing)})
        if summary.pending_migrations:
            self.stdout.write(_("The backup is from an older shuhi: run `shuhi migrate` before `shuhi serve`."))
            return
        if summary.audit_problem:
            if manifest.get("keys_included") is False:
                self.stderr.write(_("The archive holds no keys (made with --without-keys): put the installation's "
                                    "*.key files into the data directory, or set SHUHI_AUDIT_KEY, then run `shuhi "
                                    "audit verify`."))
            raise CommandError(_("Restored, but the audit chain does not verify: %(problem)s")
                               % {"problem": summary.audit_problem})
        self.stdout.write(_("Audit chain intact: %(n)s entries verified.") % {"n": summary.audit_entries})
