from django.db import migrations, models


def move_tracebacks(apps, schema_editor):
    """Failed jobs kept their traceback in `result`, which the API shows to whoever started the job."""
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(status="failed").exclude(result=None).iterator():
        if isinstance(job.result, dict) and "traceback" in job.result:
            job.error_detail = str(job.result["traceback"])
            job.result = None
            job.save(update_fields=["error_detail", "result"])


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="error_detail",
            field=models.TextField(blank=True, verbose_name="error details"),
        ),
        migrations.RunPython(move_tracebacks, migrations.RunPython.noop),
    ]
