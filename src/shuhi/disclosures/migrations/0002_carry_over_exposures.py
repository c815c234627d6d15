"""Carry the supplier exposure figures entered by hand over into the disclosure register.

The risk view now counts disclosures; what a manager typed in before is kept as holdings carried
over, so that no supplier's exposure drops to zero on upgrade.
"""

from django.db import migrations


def carry_over(apps, schema_editor):
    SupplierExposure = apps.get_model("suppliers", "SupplierExposure")
    CarriedOverHolding = apps.get_model("disclosures", "CarriedOverHolding")
    CarriedOverHolding.objects.bulk_create([
        CarriedOverHolding(organisation_id=row.organisation_id, supplier_id=row.supplier_id, tier_id=row.tier_id,
                           count=row.count, note=row.note, entered_at=row.updated_at)
        for row in SupplierExposure.objects.all()
    ])


def carry_back(apps, schema_editor):
    SupplierExposure = apps.get_model("suppliers", "SupplierExposure")
    CarriedOverHolding = apps.get_model("disclosures", "CarriedOverHolding")
    for row in CarriedOverHolding.objects.all():
        SupplierExposure.objects.update_or_create(
            organisation_id=row.organisation_id, supplier_id=row.supplier_id, tier_id=row.tier_id,
            defaults={"count": row.count, "note": row.note})


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0001_initial"),
        ("suppliers", "0002_assessment_private_improvementitem_supplierexposure"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
