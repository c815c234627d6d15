"""Shapes framework questions and answers for templates, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shuhi.suppliers.schema import UNKNOWN, FrameworkDoc, Question, is_shown, pick
from shuhi.suppliers.scoring import Placement, Result


def entry_display(question: Question, entry: dict[str, Any] | None, lang: str) -> str:
    """An answer as the reader reads it, 未実施 / わからない included."""
    entry = entry or {}
    if entry.get("unknown") in UNKNOWN:
        return pick(UNKNOWN[entry["unknown"]], lang)
    return _display(question, entry.get("value"), lang)


def _display(question: Question, value: Any, lang: str) -> str:
    if value in (None, "", []):
        return ""
    if question.type in {"yes_no", "single", "multiple"}:
        labels = {c.id: pick(c.text, lang) for c in question.options}
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(v, str(v)) for v in values) if lang == "ja" else ", ".join(
            labels.get(v, str(v)) for v in values)
    if question.type == "number" and question.unit:
        return f"{value} {pick(question.unit, lang)}"
    return str(value)


def question_rows(doc: FrameworkDoc, answers: dict[str, Any], *, evidence: dict[str, list] | None = None,
                  review: dict[str, str] | None = None, errors: dict[str, Any] | None = None,
                  posted: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Sections with one row per question: text, options with what is chosen, answer, comment, evidence."""
    lang = (get_language() or "ja")[:2]
    evidence, review, errors, posted = evidence or {}, review or {}, errors or {}, posted or {}
    sections = []
    for section in doc.sections:
        rows = []
        for question in section.questions:
            entry = answers.get(question.id) or {}
            value = posted.get(question.id, entry.get("value"))
            unknown = entry.get("unknown", "")
            if question.id in posted and question.takes_unknown:
                unknown = value if isinstance(value, str) and value in UNKNOWN else ""
                value = "" if unknown else value
            chosen = set(value if isinstance(value, list) else [value])
            condition = ""
            if question.show_if:
                target = doc.question(question.show_if["question"])
                labels = [pick(c.text, lang) for c in target.options if c.id in question.show_if["answers"]]
                condition = _("Answer only if %(question)s is: %(answers)s") % {
                    "question": target.id, "answers": " / ".join(labels)}
            rows.append({
                "q": question, "text": pick(question.text, lang), "value": value if value is not None else "",
                "display": entry_display(question, entry, lang), "comment": entry.get("comment", ""),
                "unknown": unknown, "unknown_options": [{"id": key, "label": pick(label, lang)}
                                                        for key, label in UNKNOWN.items()]
                if question.takes_unknown else [],
                "options": [{"id": c.id, "label": pick(c.text, lang), "checked": c.id in chosen}
                            for c in question.options],
                "evidence": evidence.get(question.id, []), "review": review.get(question.id, ""),
                "error": errors.get(question.id, ""), "shown": is_shown(question, answers), "condition": condition,
                "show_if_answers": " ".join(question.show_if["answers"]) if question.show_if else "",
                "unit": pick(question.unit, lang), "practice": pick(question.practice, lang),
            })
        sections.append({"id": section.id, "name": pick(section.name, lang),
                         "description": pick(section.description, lang), "rows": rows})
    return sections


def returned_rows(doc: FrameworkDoc, review: dict[str, str]) -> list[dict[str, Any]]:
    """The questions a reviewer returned, in the framework's order, for the list at the top of the form."""
    lang = (get_language() or "ja")[:2]
    return [{"id": q.id, "number": q.number, "text": pick(q.text, lang), "comment": review[q.id]}
            for q in doc.questions() if review.get(q.id)]


def answer_diff(doc: FrameworkDoc, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions whose answer, comment or evidence changed from one version to the next."""
    lang = (get_language() or "ja")[:2]
    rows = []
    for question in doc.questions():
        old, new = before.get(question.id) or {}, after.get(question.id) or {}
        then, now = entry_display(question, old, lang), entry_display(question, new, lang)
        files_then, files_now = len(old.get("evidence") or []), len(new.get("evidence") or [])
        if (then, old.get("comment", ""), old.get("evidence") or []) == (now, new.get("comment", ""),
                                                                          new.get("evidence") or []):
            continue
        rows.append({"id": question.id, "number": question.number, "text": pick(question.text, lang),
                     "then": then or "—", "now": now or "—",
                     "comment_then": old.get("comment", ""), "comment_now": new.get("comment", ""),
                     "files_then": files_then, "files_now": files_now})
    return rows


INDICATOR_LABELS = {
    "secret_identification_criteria": ("営業秘密を漏れなく特定する基準と運用ルール",
                                       "Criteria and rules to identify every trade secret"),
    "classification_criteria": ("格付けの基準と運用ルール", "Classification criteria and rules"),
    "label_display_rules": ("格付けを分かりやすく表示するルール", "Rules for marking the tier clearly"),
    "recognisable_by_label": ("表示で秘密情報と認知できる", "Secrets recognisable by their marking"),
    "education_on_trade_secret_importance": ("営業秘密の重要性の周知・教育", "Education on why trade secrets matter"),
    "classification_rules_communicated": ("特定・格付けの基準の周知・徹底", "Classification criteria communicated"),
    "reporting_of_suspicious_handling": ("不自然な取扱いを見たときの報告の周知",
                                         "Reporting of suspicious handling made known"),
    "trade_secrets_valued_beyond_personal_data": ("個人情報だけでなく営業秘密の保護も重視",
                                                  "Trade secrets valued, not only personal data"),
    "viewpoint_trade_secret_priority": ("着眼点：営業秘密を（最）優先", "Viewpoint: trade secrets first"),
    "viewpoint_insider_separate": ("着眼点：内部不正防止をサイバーと別建て",
                                   "Viewpoint: insider-fraud prevention apart from cybersecurity"),
    "literacy_on_seeing_suspicious_handling": ("不自然な取扱いを見かけた際の行動リテラシー",
                                               "Knowing what to do on seeing suspicious handling"),
    "management_dialogue": ("経営層と従業員の対話", "Management dialogue with staff"),
    "insider_policy_separate_from_cyber": ("内部不正防止の基本方針（別建て）", "Insider-fraud basic policy (separate)"),
    "insider_risk_assessment_separate": ("内部不正のリスク評価（別建て）", "Insider risk assessment (separate)"),
    "insider_measures_separate": ("内部不正の対策（別建て）", "Insider measures (separate)"),
    "workplace_environment_improvement": ("職場環境の改善", "Workplace environment improvement"),
    "pledges_at_hiring_and_exit": ("雇用開始・終了時の誓約書", "Pledges at hiring and exit"),
    "human_error_awareness": ("人的ミスへの注意喚起", "Awareness of human error"),
    "periodic_access_log_review": ("アクセスログの定期的確認", "Periodic access-log review"),
    "log_collection_announced_as_deterrent": ("ログ取得の周知による抑止", "Log collection announced as a deterrent"),
    "penalties_defined_and_communicated": ("罰則を定め周知", "Penalties defined and made known"),
    "no_unneeded_secrets_to_partners_literacy": ("不要な秘密を取引先に渡さない",
                                                 "No unneeded secrets passed to partners"),
    "measures_protecting_trade_secrets_emphasised": ("営業秘密を保護する対策を重視",
                                                     "Measures protecting trade secrets emphasised"),
}
VIEWPOINT_NAMES = {
    "trade_secret_priority": ("営業秘密を個人情報以上に重視する企業",
                              "firms valuing trade secrets above personal data"),
    "insider_separate": ("内部不正防止を別建てにしている企業", "firms treating insider fraud apart from cybersecurity"),
}


def indicator_label(key: str, lang: str | None = None) -> str:
    ja, en = INDICATOR_LABELS.get(key, (key, key))
    return ja if (lang or get_language() or "ja")[:2] == "ja" else en


def placement_rows(items: list[Placement]) -> list[dict[str, Any]]:
    lang = (get_language() or "ja")[:2]
    status = {"practised": _("Practised"), "partly": _("Partly"), "not": _("Not practised"),
              "unknown": _("Not answered")}
    position = {
        "ahead": _("Ahead: even most large firms do not practise this yet."),
        "level_with_large": _("Level with the large firms that practise it."),
        "partly": _("Partly: finish it to move ahead of most small firms."),
        "like_most_small": _("Like most small firms; most large firms do not practise it either."),
        "behind_most": _("Behind most firms of every size."),
        "with_viewpoint": _("Like the firms holding the viewpoint."),
        "without_viewpoint": _("Like the firms without the viewpoint."),
        "unknown": "",
    }
    rows = []
    for item in items:
        if item.position == "like_most_small" and item.large and item.large[0] >= 50:
            text = _("Like most small firms, but behind most large firms.")
        else:
            text = position[item.position]
        viewpoints = [{"name": VIEWPOINT_NAMES[v["viewpoint"]][0 if lang == "ja" else 1], **v}
                      for v in item.with_viewpoint]
        rows.append({"key": item.key, "label": indicator_label(item.key, lang), "status": item.status,
                     "status_label": status[item.status], "position": text, "small": item.small,
                     "large": item.large, "overall": item.overall, "viewpoints": viewpoints,
                     "questions": item.questions})
    return rows


def area_rows(result: Result) -> list[dict[str, Any]]:
    lang = (get_language() or "ja")[:2]
    return [{"id": a.section_id, "name": pick(a.name, lang), "score": a.score, "answered": a.answered,
             "counted": a.counted} for a in result.areas]


def change_rows(doc: FrameworkDoc, before: Result, after: Result, previous_answers: dict[str, Any],
                answers: dict[str, Any], items: dict[str, Any]) -> list[dict[str, Any]]:
    """Per question with a planned item or a changed share: the answer then and now, and which way it went.

    Both results are scored with the current framework, so a question counts the same on both sides;
    a question hidden on one side counts as earning nothing there.
    """
    lang = (get_language() or "ja")[:2]
    verdicts = {"improved": _("Improved"), "unchanged": _("Unchanged"), "worse": _("Worse")}
    rows = []
    for question in doc.questions():
        then, now = before.questions.get(question.id), after.questions.get(question.id)
        share_then = then.share if then else None
        share_now = now.share if now else None
        item = items.get(question.id)
        if item is None and (share_then == share_now or (share_then is None and share_now is None)):
            continue
        a, b = share_then or 0.0, share_now or 0.0
        verdict = "improved" if b > a + 1e-9 else ("worse" if b < a - 1e-9 else "unchanged")
        rows.append({
            "id": question.id, "text": pick(question.text, lang), "item": item, "verdict": verdict,
            "verdict_label": verdicts[verdict],
            "then": entry_display(question, previous_answers.get(question.id), lang) or "—",
            "now": entry_display(question, answers.get(question.id), lang) or "—",
        })
    rows.sort(key=lambda r: (r["item"] is None, r["id"]))
    return rows
