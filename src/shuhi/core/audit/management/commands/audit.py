from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.anchors import AnchorError, anchor_document, anchor_text, load_anchors, write_anchor
from shuhi.core.audit.verify import verify_chain
from shuhi.core.commands import ShuhiCommand


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Audit log tools. `audit verify` re-computes the hash chain and exits 1 at the first bad entry; "
        "`audit anchor` writes the newest entry's id and hash, signed, to keep outside the database.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help=gettext_lazy(
            "re-compute the hash chain; exit 1 naming the first bad entry"))
        verify.add_argument("--anchor", action="append", default=[], metavar="PATH",
                            help=gettext_lazy("also check the chain still holds the entry of this anchor file, or "
                                              "of every anchor file in this directory (may be repeated)"))
        anchor = sub.add_parser("anchor", help=gettext_lazy(
            "verify the chain, then write its newest id and hash, signed, to keep outside the database"))
        anchor.add_argument("--out", metavar="PATH", help=gettext_lazy(
            "write the anchor to this file, or to a new file in this directory, after checking the chain "
            "against the anchors already there (default: standard output)"))

    def handle(self, *args, action, **options):
        if action == "anchor":
            self.anchor(options["out"])
            return
        result = self.verified(self.anchors(options["anchor"]))
        self.stdout.write(_("Audit chain intact: %(n)s entries verified.") % {"n": result.checked})

    def anchors(self, paths):
        try:
            return [anchor for path in paths for anchor in load_anchors(Path(path))]
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc

    def verified(self, anchors):
        result = verify_chain(anchors=anchors)
        if not result.ok:
            raise CommandError(_("Audit chain broken at entry #%(id)s: %(reason)s (%(n)s entries verified before it)")
                               % {"id": result.bad_entry, "reason": result.reason, "n": result.checked})
        return result

    def anchor(self, out):
        out_path = Path(out) if out else None
        result = self.verified(self.kept_anchors(out_path))
        document = anchor_document(last_id=result.last_id, last_hash=result.last_hash)
        if out_path is None:
            self.stdout.write(anchor_text(document), ending="")
            return
        try:
            target = write_anchor(out_path, document)
        except OSError as exc:
            raise CommandError(_("Cannot write the anchor to %(path)s: %(error)s") % {"path": out_path, "error": exc}
                               ) from exc
        self.stdout.write(_("Anchored entry #%(id)s in %(path)s.") % {"id": result.last_id, "path": target})

    def kept_anchors(self, out_path):
        """The anchors already at the destination: a new anchor is never written over a chain that
        contradicts them."""
        if out_path is None or not out_path.exists():
            return []
        if out_path.is_dir() and not any(out_path.glob("*.json")):
            return []
        return self.anchors([out_path])
