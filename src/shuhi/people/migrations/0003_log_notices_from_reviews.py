"""The reviews app's notice on log monitoring becomes the people app's policy of that kind.

Each LogNotice becomes one version of the organisation's log-monitoring policy (oldest first, the
newest current) and each NoticeAcknowledgement an acknowledgement of that version, with its time.
The hash is that of the notice's title and text, as for acknowledgements made from now on.
"""

import hashlib
import json

from django.db import migrations


def _digest(title, body):
    blob = json.dumps({"title": title, "text": body}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    LogNotice = apps.get_model("reviews", "LogNotice")
    NoticeAcknowledgement = apps.get_model("reviews", "NoticeAcknowledgement")
    Policy = apps.get_model("people", "Policy")
    PolicyAcknowledgement = apps.get_model("people", "PolicyAcknowledgement")
    by_org = {}
    for notice in LogNotice.objects.order_by("organisation_id", "published_at", "pk"):
        by_org.setdefault(notice.organisation_id, []).append(notice)
    for organisation_id, notices in by_org.items():
        for version, notice in enumerate(notices, start=1):
            policy = Policy.objects.create(
                organisation_id=organisation_id, kind="log_monitoring", version=version, title=notice.title,
                body=notice.body, is_current=version == len(notices), published_at=notice.published_at,
                published_by_id=notice.created_by_id)
            sha = _digest(notice.title, notice.body)
            PolicyAcknowledgement.objects.bulk_create([
                PolicyAcknowledgement(policy=policy, user_id=ack.user_id, acknowledged_at=ack.acknowledged_at,
                                      sha256=sha)
                for ack in NoticeAcknowledgement.objects.filter(notice=notice)])


def backwards(apps, schema_editor):
    LogNotice = apps.get_model("reviews", "LogNotice")
    NoticeAcknowledgement = apps.get_model("reviews", "NoticeAcknowledgement")
    Policy = apps.get_model("people", "Policy")
    for policy in Policy.objects.filter(kind="log_monitoring").order_by("organisation_id", "version"):
        notice = LogNotice.objects.create(organisation_id=policy.organisation_id, title=policy.title,
                                          body=policy.body, published_at=policy.published_at,
                                          created_by_id=policy.published_by_id)
        for ack in policy.acknowledgements.all():
            row = NoticeAcknowledgement.objects.create(notice=notice, user_id=ack.user_id)
            NoticeAcknowledgement.objects.filter(pk=row.pk).update(acknowledged_at=ack.acknowledged_at)
        policy.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_policies_exit_messages"),
        ("reviews", "0002_logsource_auto_schedule"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
