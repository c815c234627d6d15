"""Demo data for log review: a synthetic CERT-format dataset, a source over it, one signed-off
cycle with a follow-up case and one cycle ready for review, and the notice to staff.

Call `load_demo_reviews(home)` from shuhi/core/demo.py after the demo users exist. The engine runs
in-process (no worker needed); the whole takes a few seconds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.core.roles import Role
from shuhi.i18n import override
from shuhi.logreview.wording import reason_text
from shuhi.paths import data_dir
from shuhi.people import services_policies
from shuhi.people.models import Policy
from shuhi.reviews import services
from shuhi.reviews.models import ReviewCycle
from shuhi.reviews.runner import execute_cycle, render_report_html

# Small enough to be quick, large enough for baselines (the synthesizer needs ~60 users × 60 days).
USERS, DAYS, SEED = 60, 60, 2026
FIRST_WEEK = (dt.date(2010, 2, 1), dt.date(2010, 2, 7))


def _dataset():
    from shuhi.logreview.synth import generate

    out = data_dir() / "logs" / "demo"  # inside the default SHUHI_LOG_ROOTS
    if not (out / "answers.json").exists():
        generate(out, users=USERS, days=DAYS, seed=SEED)
    return out


def _run(cycle: ReviewCycle) -> ReviewCycle:
    report = execute_cycle(cycle)
    return services.cycle_store_report(actor=SYSTEM_DEMO, cycle=cycle, report=report, html=render_report_html(report))


def _pick(home: Organisation, role: str) -> User:
    return User.objects.filter(organisation=home, role=role, is_active=True).order_by("pk").first()


def load_demo_reviews(home: Organisation) -> None:
    security = _pick(home, Role.SECURITY_MANAGER)
    reviewer = _pick(home, Role.DEPT_MANAGER) or security
    out = _dataset()
    source = services.source_create(actor=security, organisation=home, name="社内ログ（合成データ）", path=str(out),
                                    context_path=str(out / "context.yaml"))
    first = services.cycle_create(actor=security, source=source, period_start=FIRST_WEEK[0],
                                  period_end=FIRST_WEEK[1], reviewer=reviewer,
                                  due_date=FIRST_WEEK[1] + dt.timedelta(days=7))
    first = _run(first)
    top = first.report["windows"][0]["ranking"][0]
    with override("ja"):  # the demo's records are written in Japanese, like the rest of its data
        summary = "; ".join(reason_text(r) for r in top["reasons"])[:500]
    services.followup_open(actor=reviewer, cycle=first, pseudonym=top["user"], window_start=FIRST_WEEK[0],
                           reason_summary=summary)
    services.signoff_create(actor=reviewer, cycle=first,
                            notes="上位10名の理由と例を確認。1名について追跡案件を起票し、上長に確認を依頼。")
    start, end = first.next_period()
    second = services.cycle_create(actor=security, source=source, period_start=start, period_end=end,
                                   reviewer=reviewer, due_date=timezone.localdate() + dt.timedelta(days=3))
    _run(second)
    notice = services_policies.policy_publish(
        actor=security, organisation=home, kind=Policy.Kind.LOG_MONITORING,
        title="アクセスログの記録と定期確認について",
        body="会社のPC・ファイルサーバ・メール・インターネットの利用は記録されます。記録は営業秘密を守るため定期的に"
             "確認します。確認者には氏名ではなく仮名が表示され、本人の特定は情報セキュリティ責任者だけが、理由を"
             "記録したうえで行います。")
    for user in User.objects.filter(organisation=home, is_active=True).order_by("pk")[:12]:
        services_policies.policy_acknowledge(actor=user, policy=notice)
