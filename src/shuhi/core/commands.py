"""What shuhi's own management commands share: help that is translated when it is shown.

`shuhi COMMAND --help` speaks the language `shuhi.cli` chose from SHUHI_LANG and the locale, so a
command's `help` is a lazy translation, evaluated only once that language is active.
"""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils.translation import gettext as _

from shuhi import i18n


class HelpFormatter(i18n.HelpFormatter, DjangoHelpFormatter):
    """Django's order (a command's own options before the common ones) with the engine commands'
    wrapping by terminal columns, so that Japanese help stays inside the terminal. It also takes a
    lazy description: argparse's own formatter hands the description to re.sub, which wants a str."""


class ShuhiCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Sub-commands (`ledger import`, `frameworks export`, ...) are parsers of their own that argparse
        # builds with its plain formatter; argparse offers no public way to reach them.
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for subparser in action.choices.values():
                    subparser.formatter_class = kwargs["formatter_class"]
        return parser

    @staticmethod
    def date_option(value: str | None) -> dt.date | None:
        """A `--date YYYY-MM-DD` option of the daily commands (None: today)."""
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError as exc:
            raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc
