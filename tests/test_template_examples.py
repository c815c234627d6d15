"""Importing a template as it was downloaded writes nothing: its example rows carry 例- ids,
which no real row has, and every import skips them and says so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.disclosures.models import Nda
from shuhi.disclosures.services_import import nda_import
from shuhi.disclosures.spreadsheet import write_template as nda_template
from shuhi.people.models import Person
from shuhi.people.services_import import people_import
from shuhi.people.spreadsheet import write_template as people_template

pytestmark = pytest.mark.django_db


def test_the_people_template_as_it_comes_registers_nobody_and_says_it_skipped_its_example(cast):
    upload = SimpleUploadedFile("people.xlsx", people_template())
    result = people_import(actor=cast.admin, organisation=cast.home, upload=upload)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.samples_skipped) == ([], [], 1)
    assert not Person.objects.exists()


def test_the_nda_template_as_it_comes_registers_no_contract_and_says_it_skipped_its_example(cast):
    upload = SimpleUploadedFile("nda.xlsx", nda_template())
    result = nda_import(actor=cast.admin, organisation=cast.home, upload=upload)
    assert result.ok, result.errors
    assert (result.count, result.samples_skipped) == (0, 1)
    assert not Nda.objects.exists()


def test_the_import_pages_tell_how_many_example_rows_were_skipped(cast, login):
    client = login(cast.admin)
    upload = SimpleUploadedFile("people.xlsx", people_template())
    response = client.post("/people/register/import/", {"organisation": cast.home.pk, "file": upload,
                                                        "dry_run": "on"})
    assert "記入例の行（IDが「例-」で始まる行）1件を読み飛ばしました" in response.content.decode()
