"""Invitations for the isolation world: one open link each for the home organisation and suppliers A and B."""

from __future__ import annotations

from shuhi.accounts.services import invitation_create
from shuhi.core.roles import Role


def build_account_world(cast) -> None:
    invitation_create(actor=cast.admin, email="new@home.example", full_name="新人", organisation=cast.home,
                      role=Role.EMPLOYEE, department=cast.dev)
    invitation_create(actor=cast.admin, email="new@a.example", full_name="A新人", organisation=cast.supplier_a,
                      role=Role.SUPPLIER_REP)
    invitation_create(actor=cast.security, email="new@b.example", full_name="B新人",
                      organisation=cast.supplier_b, role=Role.SUPPLIER_REP)
