"""Frameworks in the library format of CISO Assistant (intuitem/ciso-assistant-community).

Layout written and read (as in `backend/library/libraries/*.yaml`):

    urn, locale, ref_id, name, description, copyright, version, provider, packager, translations
    objects:
      framework:
        urn, ref_id, name, description, min_score, max_score, translations
        requirement_nodes:
          - urn, ref_id, name, assessable: false, depth: 1            # one per section
          - urn, parent_urn, ref_id, name, assessable: true, depth: 2  # one per question
            questions:
              <question urn>: {type, text, weight, depends_on, translations,
                               choices: [{urn, value, add_score, compute_result, translations}]}

CISO Assistant has no evidence, yes/partly question or survey-indicator fields, so each exported
question node also carries a `shuhi` mapping (type, indicators, viewpoint, practice, scoring
rules). CISO Assistant ignores keys it does not know; shuhi reads them back, so a round trip is
lossless. A library written by someone else (without `shuhi` keys) is mapped from CISO's own
question types and scores.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from shuhi.suppliers.schema import LANGS, YES_NO, FrameworkError, normalise

CISO_TYPES = {"yes_no": "unique_choice", "single": "unique_choice", "multiple": "multiple_choice",
              "number": "number", "date": "date", "text": "text", "file": "text"}
SCORE_SCALE = 100  # add_score is an integer in CISO Assistant; shuhi's 0–1 shares map onto 0–100


def _base(urn: str) -> str:
    return urn.replace(":framework:", ":req_node:")


def _main_and_translations(text: dict[str, str], key: str, locale: str = "ja") -> tuple[str, dict[str, dict]]:
    main = text.get(locale) or next(iter(text.values()), "")
    return main, {lang: {key: text[lang]} for lang in LANGS if lang != locale and text.get(lang)}


def _choices_out(question: dict[str, Any], qurn: str) -> list[dict[str, Any]]:
    if question["type"] == "yes_no":
        items = [{"id": key, "text": label, "score": share} for key, (label, share) in YES_NO.items()]
    else:
        items = question.get("choices", [])
    out = []
    for item in items:
        value, translations = _main_and_translations(item["text"], "value")
        choice = {"urn": f"{qurn}:choice:{item['id']}", "value": value,
                  "add_score": round(item["score"] * SCORE_SCALE)}
        if question["type"] == "yes_no" and item["id"] != "dont_know":
            choice["compute_result"] = item["id"] == "yes"
        if translations:
            choice["translations"] = translations
        out.append(choice)
    return out


def _question_node(question: dict[str, Any], section_urn: str, base: str) -> dict[str, Any]:
    node_urn = f"{base}:{question['id'].lower()}"
    qurn = f"{node_urn}:question:1"
    text, translations = _main_and_translations(question["text"], "text")
    body: dict[str, Any] = {"type": CISO_TYPES[question["type"]], "text": text, "weight": question["weight"]}
    if question["type"] in {"yes_no", "single", "multiple"}:
        body["choices"] = _choices_out(question, qurn)
    if question.get("show_if"):
        target = f"{base}:{question['show_if']['question'].lower()}:question:1"
        body["depends_on"] = {"question": target, "condition": "any",
                              "answers": [f"{target}:choice:{a}" for a in question["show_if"]["answers"]]}
    if translations:
        body["translations"] = translations
    extra = {k: question[k] for k in ("indicators", "viewpoint", "practice", "unit", "score_thresholds",
                                      "score_within_days") if question.get(k)}
    node: dict[str, Any] = {
        "urn": node_urn, "parent_urn": section_urn, "ref_id": question["id"], "assessable": True, "depth": 2,
        "questions": {qurn: body}, "shuhi": {"type": question["type"], **extra},
    }
    if question["type"] == "file":
        node["typical_evidence"] = text
    return node


def export_library(content: dict[str, Any]) -> dict[str, Any]:
    """A CISO Assistant library dict for a normalised shuhi framework."""
    base = _base(content["urn"])
    name, _translations = _main_and_translations(content["name"], "name")
    description = content.get("description", {})
    nodes = []
    for section in content["sections"]:
        section_urn = f"{base}:{section['id'].lower()}"
        sname, str_ = _main_and_translations(section["name"], "name")
        node = {"urn": section_urn, "ref_id": section["id"], "name": sname, "assessable": False, "depth": 1}
        if section.get("description"):
            node["description"], dtr = _main_and_translations(section["description"], "description")
            for lang, values in dtr.items():
                str_.setdefault(lang, {}).update(values)
        if str_:
            node["translations"] = str_
        nodes.append(node)
        nodes += [_question_node(q, section_urn, base) for q in section["questions"]]
    translations = {lang: {"name": content["name"][lang], "description": description.get(lang, "")}
                    for lang in LANGS if lang != "ja" and content["name"].get(lang)}
    framework = {
        "urn": content["urn"], "ref_id": content["id"], "name": name, "description": description.get("ja", ""),
        "min_score": 0, "max_score": SCORE_SCALE, "translations": translations, "requirement_nodes": nodes,
        "shuhi": {"kind": content["kind"]},
    }
    return {
        "urn": content["urn"].replace(":framework:", ":library:"), "locale": "ja", "ref_id": content["id"],
        "name": name, "description": description.get("ja", ""), "copyright": "shuhi contributors",
        "version": content["version"], "provider": "shuhi", "packager": "shuhi", "translations": translations,
        "objects": {"framework": framework},
    }


def _texts(main: str, translations: dict[str, Any] | None, key: str, locale: str) -> dict[str, str]:
    texts = {locale if locale in LANGS else "en": main} if main else {}
    for lang, values in (translations or {}).items():
        if lang in LANGS and isinstance(values, dict) and values.get(key):
            texts[lang] = str(values[key])
    return texts


def _tail(urn: str) -> str:
    return str(urn).rsplit(":", 1)[-1]


def _requirement_text(node: dict[str, Any], locale: str) -> dict[str, str]:
    """What a requirement asks, for a question that has no text of its own: its description, else its name."""
    key = "description" if node.get("description") else "name"
    main = str(node.get(key) or node.get("ref_id") or _tail(node["urn"]))
    return _texts(main, node.get("translations"), key, locale)


def _node_questions(node: dict[str, Any]) -> dict[str, Any]:
    """The node's questions as a mapping of URN to body, from either layout CISO Assistant has used:
    `questions: {urn: {type, text, choices}}`, or the older `question: {question_type, question_choices,
    questions: [{urn, text}]}`."""
    questions = node.get("questions")
    if questions is not None:
        if not isinstance(questions, dict):
            raise FrameworkError([_("%(urn)s: questions must be a mapping of question URNs.") % {"urn": node["urn"]}])
        return questions
    older = node.get("question")
    if not isinstance(older, dict):
        return {}
    ctype = older.get("question_type")
    labels = [str(c) for c in older.get("question_choices") or []]
    found = {}
    for index, item in enumerate(older.get("questions") or [], 1):
        item = item if isinstance(item, dict) else {"text": item}
        qurn = str(item.get("urn") or f"{node['urn']}:question:{index}")
        body = {"type": ctype, "text": item.get("text", "")}
        if labels:
            body["choices"] = [{"urn": f"{qurn}:choice:{n}", "value": label} for n, label in enumerate(labels, 1)]
        found[qurn] = body
    return found


def _questions_in(node: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """The requirement's questions; a requirement without any becomes one yes / partly / no question.

    A library written by shuhi keeps its own ids (the node's ref_id, "<ref_id>.1", ...). In any
    other library a question's id is its whole URN, the only name that is unique there (a suffix
    such as 5.1.1 repeats under 8.5.1.1); the ref_id travels along as the number readers see.
    """
    questions = _node_questions(node)
    own = bool(node.get("shuhi"))
    ref = str(node.get("ref_id") or "")
    if not questions:
        return [{"id": node["urn"], "ref": ref or _tail(node["urn"]), "type": "yes_no",
                 "text": _requirement_text(node, locale), "_urn": node["urn"]}]
    found = []
    for index, (qurn, body) in enumerate(questions.items(), 1):
        question = _question_in(node, str(qurn), body if isinstance(body, dict) else {}, locale)
        number = f"{ref or _tail(node['urn'])}.{index}" if len(questions) > 1 else (ref or _tail(node["urn"]))
        if own:
            question["id"] = f"{question['id']}.{index}" if len(questions) > 1 else question["id"]
        else:
            question["id"], question["ref"] = str(qurn), number
        if not question["text"]:
            question["text"] = _requirement_text(node, locale)
        found.append(question)
    return found


def _question_in(node: dict[str, Any], qurn: str, body: dict[str, Any], locale: str) -> dict[str, Any]:
    extra = node.get("shuhi") or {}
    ctype = body.get("type")
    qtype = extra.get("type") or {"unique_choice": "single", "single_choice": "single",
                                  "multiple_choice": "multiple", "boolean": "single"}.get(ctype, ctype) or "yes_no"
    out: dict[str, Any] = {"id": str(node.get("ref_id") or _tail(qurn)), "type": qtype,
                           "text": _texts(body.get("text", ""), body.get("translations"), "text", locale),
                           "weight": body.get("weight", 1)}
    choices = body.get("choices") or ([{"urn": "yes", "value": "Yes", "add_score": 1},
                                       {"urn": "no", "value": "No", "add_score": 0}] if ctype == "boolean" else [])
    if qtype in {"single", "multiple"}:
        top = max([c.get("add_score") or 0 for c in choices] + [1])
        scale = SCORE_SCALE if extra else top
        out["choices"] = [{"id": _tail(c.get("urn") or c.get("value")),
                           "text": _texts(str(c.get("value", "")), c.get("translations"), "value", locale),
                           "score": (c.get("add_score") or 0) / scale} for c in choices]
    if body.get("depends_on"):
        # Resolved to shuhi's question id by import_library once every question's URN is known.
        dep = body["depends_on"]
        out["show_if"] = {"question": str(dep.get("question", "")),
                          "answers": [_tail(a) for a in dep.get("answers", [])]}
    out["_urn"] = qurn
    out.update({k: v for k, v in extra.items() if k != "type"})
    return out


def import_library(library: Any) -> dict[str, Any]:
    """A normalised shuhi framework from a CISO Assistant library dict; FrameworkError lists what is wrong."""
    if not isinstance(library, dict) or not isinstance((library.get("objects") or {}).get("framework"), dict):
        raise FrameworkError([_("This is not a CISO Assistant library: objects.framework is missing.")])
    locale = str(library.get("locale") or "en")
    framework = library["objects"]["framework"]
    nodes = framework.get("requirement_nodes") or []
    sections: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    by_urn = {str(n["urn"]): n for n in nodes if isinstance(n, dict) and n.get("urn")}
    for node in nodes:
        if not isinstance(node, dict) or not node.get("urn"):
            raise FrameworkError([_("Every requirement node needs a urn.")])
        if node.get("assessable") or _node_questions(node):
            parent = str(node.get("parent_urn") or "root")
            if parent not in sections:
                known = by_urn.get(parent) or {"name": framework.get("name") or library.get("name"),
                                                "translations": framework.get("translations")}
                sections[parent] = {"id": str(known.get("ref_id") or _tail(parent)).upper(),
                                    "name": _texts(str(known.get("name") or known.get("ref_id") or _tail(parent)),
                                                   known.get("translations"), "name", locale), "questions": []}
                order.append(parent)
            sections[parent]["questions"] += _questions_in(node, locale)
        else:
            name = _texts(str(node.get("name") or node.get("ref_id") or _tail(node["urn"])),
                          node.get("translations"), "name", locale)
            sections.setdefault(node["urn"], {"id": str(node.get("ref_id") or _tail(node["urn"])), "questions": []})
            sections[node["urn"]]["name"] = name
            description = _texts(str(node.get("description") or ""), node.get("translations"), "description",
                                 locale)
            if description:
                sections[node["urn"]]["description"] = description
            if node["urn"] not in order:
                order.append(node["urn"])
    ids: dict[str, str] = {}
    for section in sections.values():
        for question in section["questions"]:
            urn = question.pop("_urn")
            ids[urn] = ids[_tail(urn)] = question["id"]
    for section in sections.values():
        for question in section["questions"]:
            if question.get("show_if"):
                target = question["show_if"]["question"]
                question["show_if"]["question"] = ids.get(target, ids.get(_tail(target), target))
    raw = {
        "id": str(library.get("ref_id") or framework.get("ref_id") or ""),
        "urn": str(framework.get("urn") or library.get("urn") or ""),
        "version": library.get("version", 1), "kind": (framework.get("shuhi") or {}).get("kind", "questionnaire"),
        "name": _texts(str(framework.get("name") or library.get("name") or ""), framework.get("translations"),
                       "name", locale),
        "description": _texts(str(framework.get("description") or ""), framework.get("translations"),
                              "description", locale),
        "sections": [sections[urn] for urn in order if sections[urn]["questions"]],
    }
    return normalise(raw)
