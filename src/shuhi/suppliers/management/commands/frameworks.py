"""`shuhi frameworks list | export NAME --format ciso-assistant OUT.yaml | import FILE`."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.commands import ShuhiCommand
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.core.services import home_organisation
from shuhi.suppliers.ciso import export_library
from shuhi.suppliers.models import Framework
from shuhi.suppliers.schema import FrameworkError, builtin_contents
from shuhi.suppliers.services import framework_import, framework_install_builtin
from shuhi.suppliers.views.frameworks import read_framework_file


class Command(ShuhiCommand):
    help = gettext_lazy("List, export and import assessment frameworks (shuhi YAML or CISO Assistant libraries).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help=gettext_lazy("one framework name per line"))
        export = sub.add_parser("export", help=gettext_lazy("write a framework as a CISO Assistant library"))
        export.add_argument("name")
        export.add_argument("out", help=gettext_lazy("output file (.yaml); - for standard output"))
        export.add_argument("--format", default="ciso-assistant", choices=["ciso-assistant", "shuhi"])
        export.add_argument("--framework-version", type=int, default=None, dest="fw_version")
        imp = sub.add_parser("import", help=gettext_lazy("import a framework file; all or nothing"))
        imp.add_argument("file")

    def handle(self, *args, action, **options):
        home = home_organisation()
        if home is not None:
            framework_install_builtin(actor=SYSTEM_CLI, organisation=home)
        return getattr(self, f"do_{action}")(home, **options)

    def _contents(self, home) -> dict[str, dict]:
        if home is None:  # before set-up, the built-in frameworks are still there to list and export
            return {c["id"]: c for c in builtin_contents()}
        latest: dict[str, dict] = {}
        for framework in Framework.objects.filter(organisation=home).order_by("ref_id", "version"):
            latest[framework.ref_id] = framework.content
        return latest

    def do_list(self, home, **options):
        for name in sorted(self._contents(home)):
            self.stdout.write(name)

    def do_export(self, home, *, name, out, format, fw_version=None, **options):
        contents = self._contents(home)
        if fw_version is not None and home is not None:
            found = Framework.objects.filter(organisation=home, ref_id=name, version=fw_version).first()
            content = found.content if found else None
        else:
            content = contents.get(name)
        if content is None:
            raise CommandError(_("There is no framework named “%(name)s”; `shuhi frameworks list` shows the names.")
                               % {"name": name})
        data = export_library(content) if format == "ciso-assistant" else content
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        if out == "-":
            self.stdout.write(text)
        else:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(_("Written to %(path)s.") % {"path": out})

    def do_import(self, home, *, file, **options):
        if home is None:
            raise CommandError(_("There is no home organisation yet: run `shuhi demo` or create one first."))
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            with transaction.atomic():
                content = read_framework_file(path.read_text(encoding="utf-8-sig"))
                framework = framework_import(actor=SYSTEM_CLI, organisation=home, content=content)
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": file}) from exc
        except FrameworkError as exc:
            heading = _("Nothing was imported from %(path)s:") % {"path": file}
            raise CommandError("\n  ".join([heading, *exc.problems])) from exc
        questions = len(framework.doc.questions())
        self.stdout.write(ngettext("Imported %(name)s version %(version)s (%(n)s question).",
                                   "Imported %(name)s version %(version)s (%(n)s questions).", questions)
                          % {"name": framework.ref_id, "version": framework.version, "n": questions})
