"""「当社の情報の格付けルール」: the module built from the ledger's written criteria.

The text lists the organisation's tiers (label, handling, whether they may be disclosed) and its
criteria; the quiz asks for the tier of cases whose right answer follows from one criterion, worked
out by the ledger's own rule (`suggest_tier`: the strongest tier any "yes" calls for). The criteria
it was built from, and their digest, are kept with the version, so a changed ledger shows the
module as out of date until it is refreshed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from shuhi.ledger.classification import suggest_tier
from shuhi.ledger.models import ClassificationRule, Tier
from shuhi.training.content import CLASSIFICATION_TITLE

# Concrete cases for shuhi's default criteria (ledger/defaults.py); another criterion is asked as
# "a document for which the answer to this criterion is yes".
EXAMPLES = {
    "開示された場合、会社に重大な損害（競争力の喪失、取引停止など）が生じるか。":
        "主力製品の次期モデルの開発計画書。漏れれば競合に先を越され、大口の取引を失うおそれがある。",
    "製品の設計・製造ノウハウ、製法、ソースコードなど、他社が持たない技術情報か。":
        "当社独自の熱処理条件をまとめた製造ノウハウ集。他社はこの条件を知らない。",
    "顧客・取引条件・原価など、営業上の非公開情報か。": "主要顧客ごとの納入単価と原価をまとめた一覧表。",
    "業務のために委託先と秘密保持契約（NDA）のもとで共有する情報か。":
        "秘密保持契約を結んだ委託先に渡す、部品の加工手順の指示書。",
    "個人情報（氏名、連絡先、人事情報など）を含むか。": "社員の緊急連絡先を載せた名簿。",
    "社内の一般的な業務連絡・手順書など、社外に出ても支障が小さい情報か。":
        "社内の会議室の予約のしかたを説明した手順書。",
}
MAX_CASES = 10


def ledger_criteria(organisation: Any) -> dict[str, Any]:
    """The tiers and criteria as written in the ledger now, with a digest of them."""
    tiers = [{"key": t.key, "name": t.name, "rank": t.rank, "label_text": t.label_text, "handling": t.handling,
              "may_disclose": t.may_disclose}
             for t in Tier.objects.filter(organisation=organisation).order_by("-rank")]
    rules = [{"id": r.pk, "question": r.question, "explanation": r.explanation, "tier": r.tier_if_yes.key,
              "identifies_trade_secret": r.identifies_trade_secret}
             for r in ClassificationRule.objects.filter(organisation=organisation).select_related("tier_if_yes")]
    content = {"tiers": tiers, "rules": [{k: v for k, v in r.items() if k != "id"} for r in rules]}
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")).encode("utf-8")).hexdigest()
    return {"tiers": tiers, "rules": rules, "digest": digest}


def _tier_sections(tiers: list[dict[str, Any]]) -> list[dict[str, str]]:
    sections = []
    for tier in tiers:
        lines = [f"表示: {tier['label_text']}" if tier["label_text"] else "表示: 不要"]
        lines.append("委託先への開示: 秘密保持契約（NDA）のもとで、必要な範囲に限り可" if tier["may_disclose"]
                     else "委託先への開示: 禁止")
        if tier["handling"]:
            lines.append(f"取扱い: {tier['handling']}")
        sections.append({"heading": f"格付け「{tier['name']}」", "body": "\n".join(lines)})
    return sections


def _criteria_section(criteria: dict[str, Any]) -> dict[str, str]:
    names = {t["key"]: t["name"] for t in criteria["tiers"]}
    lines = ["文書やデータを作ったとき、受け取ったときは、次の基準に順に答えます。"
             "「はい」になった基準が求める格付けのうち、最も強いものを付けます。"]
    for number, rule in enumerate(criteria["rules"], start=1):
        secret = "（営業秘密として特定します）" if rule["identifies_trade_secret"] else ""
        tier = names.get(rule["tier"], rule["tier"])
        lines.append(f"{number}. {rule['question']} → 「はい」なら「{tier}」以上{secret}")
        if rule["explanation"]:
            lines.append(f"   {rule['explanation']}")
    lowest = criteria["tiers"][-1]["name"] if criteria["tiers"] else "—"
    lines.append(f"どの基準にも当てはまらなければ「{lowest}」です。")
    return {"heading": "格付けの基準", "body": "\n".join(lines)}


def _choices(tiers: list[dict[str, Any]], answer: str) -> list[dict[str, Any]]:
    return [{"text": t["name"], "correct": t["key"] == answer} for t in tiers]


def _case_questions(organisation: Any, criteria: dict[str, Any]) -> list[dict[str, Any]]:
    """One case per criterion, its answer computed by the ledger's own rule."""
    tier_rows = list(Tier.objects.filter(organisation=organisation))
    rules = list(ClassificationRule.objects.filter(organisation=organisation).select_related("tier_if_yes"))
    by_id = {r.pk: r for r in rules}
    questions = []
    for rule in criteria["rules"][:MAX_CASES]:
        chosen = suggest_tier(rules, {str(rule["id"]): True}, tier_rows).tier
        example = EXAMPLES.get(rule["question"])
        case = (f"「{example}」" if example else f"基準「{rule['question']}」に「はい」と答える文書")
        questions.append({
            "text": f"{case} ほかの基準には当てはまらないものとします。この文書の格付けはどれですか。",
            "choices": _choices(criteria["tiers"], chosen.key),
            "explanation": f"基準「{by_id[rule['id']].question}」に当てはまるため「{chosen.name}」です。",
        })
    return questions


def _combined_question(organisation: Any, criteria: dict[str, Any]) -> list[dict[str, Any]]:
    rules = sorted(ClassificationRule.objects.filter(organisation=organisation).select_related("tier_if_yes"),
                   key=lambda r: r.tier_if_yes.rank)
    if len(rules) < 2 or rules[0].tier_if_yes_id == rules[-1].tier_if_yes_id:
        return []
    weak, strong = rules[0], rules[-1]
    chosen = suggest_tier(rules, {str(weak.pk): True, str(strong.pk): True},
                          Tier.objects.filter(organisation=organisation)).tier
    return [{
        "text": f"ある文書は、基準「{weak.question}」にも基準「{strong.question}」にも当てはまります。"
                "格付けはどれですか。",
        "choices": _choices(criteria["tiers"], chosen.key),
        "explanation": f"複数の基準に当てはまるときは、最も強い格付け「{chosen.name}」にします。",
    }]


def _rule_questions(criteria: dict[str, Any]) -> list[dict[str, Any]]:
    tiers, questions = criteria["tiers"], []
    labelled = [t for t in tiers if t["label_text"]]
    if labelled:
        top = labelled[0]
        options = [t["label_text"] for t in labelled] + ["表示は不要"]
        questions.append({
            "text": f"「{top['name']}」に格付けした文書には、どの表示を付けますか。",
            "choices": [{"text": text, "correct": text == top["label_text"]} for text in options],
            "explanation": f"「{top['name']}」の文書には {top['label_text']} と表示します。",
        })
    if tiers:
        lowest = tiers[-1]
        questions.append({
            "text": "どの基準にも当てはまらない文書の格付けはどれですか。",
            "choices": _choices(tiers, lowest["key"]),
            "explanation": f"どの基準にも当てはまらなければ「{lowest['name']}」です。",
        })
    disclosable = [t for t in tiers if t["may_disclose"]]
    if disclosable and len(disclosable) < len(tiers):
        questions.append({
            "text": "委託先に秘密保持契約（NDA）のもとで開示してよい格付けをすべて選んでください。",
            "choices": [{"text": t["name"], "correct": t["may_disclose"]} for t in tiers],
            "explanation": "開示してよいのは " + "・".join(f"「{t['name']}」" for t in disclosable)
                           + " です。それ以外は社外への開示を禁止しています。",
        })
    return questions


def build(organisation: Any) -> dict[str, Any]:
    """The title, text, quiz and source of the module, from the ledger as it stands."""
    criteria = ledger_criteria(organisation)
    tiers = criteria["tiers"]
    order = "・".join(f"「{t['name']}」" for t in tiers)
    sections = [{"heading": "なぜ格付けをするのか",
                 "body": "同じ会社の中でも、情報によって守り方は違います。格付けは、その情報をどう守るか"
                         "（表示・保管場所・開示してよい相手）を決める当社の共通ルールです。"
                         f"当社は情報を強い順に {order} の{len(tiers)}段階に格付けします。"
                         "格付けと表示がそろうことで、誰が見ても秘密だと分かり、法律上の「秘密管理性」にもつながります。"}]
    sections += _tier_sections(tiers)
    sections.append(_criteria_section(criteria))
    sections.append({"heading": "迷ったときは",
                     "body": "判断に迷うときは、強いほうの格付けを仮に付けたうえで、情報の責任者（部門長）または"
                             "情報管理責任者に相談してください。格付けした情報は情報資産台帳に登録されます。"})
    questions = _case_questions(organisation, criteria) + _combined_question(organisation, criteria)
    questions += _rule_questions(criteria)
    return {"title": CLASSIFICATION_TITLE,
            "summary": "当社の情報資産台帳に定めた格付けの区分と基準を学び、事例で格付けを判断します。"
                       "内容は台帳の基準から作られ、基準が変わると新しい版になります。",
            "sections": sections, "questions": questions,
            "source": {"digest": criteria["digest"], "tiers": criteria["tiers"], "rules": criteria["rules"]}}
