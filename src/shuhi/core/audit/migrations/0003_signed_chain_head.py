from django.db import migrations, models
from django.utils import timezone


def sign_existing_head(apps, schema_editor):
    """Trust the head as it stands at the upgrade: until now it was not signed, so there is nothing to check it
    against. `shuhi audit verify` after the upgrade shows whether the chain it names is whole."""
    from shuhi.core.audit.chain import head_signature

    for head in apps.get_model("audit", "AuditChainHead").objects.all():
        head.signed_at = timezone.now()
        head.signature = head_signature(last_id=head.last_id, last_hash=head.last_hash, signed_at=head.signed_at)
        head.save(update_fields=["signed_at", "signature"])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="signature",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="signed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(sign_existing_head, migrations.RunPython.noop),
    ]
