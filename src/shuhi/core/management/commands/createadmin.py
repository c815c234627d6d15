import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shuhi.core.models import Organisation
from shuhi.core.roles import Role
from shuhi.core.services import home_organisation, organisation_create, user_create


class Command(BaseCommand):
    help = "Create an administrator of the home organisation (and the home organisation if there is none)."

    def add_arguments(self, parser):
        parser.add_argument("--email")
        parser.add_argument("--name", help="full name")
        parser.add_argument("--organisation", help="name of the home organisation, if it does not exist yet")
        parser.add_argument("--password", help="omit to be asked (safer: it stays out of the shell history)")

    def handle(self, *args, email, name, organisation, password, **options):
        email = email or input("E-mail: ").strip()
        name = name or input("Full name: ").strip()
        home = home_organisation()
        if home is None:
            organisation = organisation or input("Home organisation (company) name: ").strip()
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            with transaction.atomic():
                if home is None:
                    home = organisation_create(actor="cli", name=organisation, kind=Organisation.Kind.HOME)
                from django.contrib.auth.password_validation import validate_password

                validate_password(password)
                user = user_create(actor="cli", email=email, full_name=name, organisation=home,
                                   role=Role.ADMIN, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Administrator {user.email} created. Two-factor set-up is asked at first log-in.")
