import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.core.roles import Role
from shuhi.core.services import home_organisation, organisation_create, user_create


def _ask(label: str) -> str:
    return input(f"{label}: ").strip()


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Create an administrator of the home organisation (and the home organisation if there is none).")

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--name", help=gettext_lazy("full name"))
        parser.add_argument("--organisation",
                            help=gettext_lazy("name of the home organisation, if it does not exist yet"))
        parser.add_argument("--password",
                            help=gettext_lazy("omit to be asked (safer: it stays out of the shell history)"))

    def handle(self, *args, email, name, organisation, password, **options):
        email = email or _ask(_("E-mail address"))
        name = name or _ask(_("Full name"))
        home = home_organisation()
        if home is None:
            organisation = organisation or _ask(_("Home organisation (company) name"))
        if not password:
            password = getpass.getpass(_("Password") + ": ")
            if password != getpass.getpass(_("Password (again)") + ": "):
                raise CommandError(_("The passwords differ."))
        try:
            with transaction.atomic():
                if home is None:
                    home = organisation_create(actor=SYSTEM_CLI, name=organisation, kind=Organisation.Kind.HOME)
                from django.contrib.auth.password_validation import validate_password

                validate_password(password)
                user = user_create(actor=SYSTEM_CLI, email=email, full_name=name, organisation=home,
                                   role=Role.ADMIN, password=password)
        except ValidationError as exc:
            # Each message is a sentence with its own full stop (。 in Japanese), so a space is all they need.
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(_("Administrator %(email)s created. Two-factor set-up is asked at first log-in.")
                          % {"email": user.email})
