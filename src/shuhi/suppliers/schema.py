"""Assessment frameworks as data: parsing, validation and answer checking.

A framework is kept as one normalised dict (stored in `Framework.content`) and read through the
small dataclasses below. Parsing is strict and collects every problem before failing, so an
import either succeeds completely or tells the user everything that must change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TYPES = ("yes_no", "single", "multiple", "number", "date", "text", "file")
KINDS = ("questionnaire", "interview")
VIEWPOINTS = ("trade_secret", "insider")
LANGS = ("ja", "en")
# The four answers of a yes_no question and the share of the question's weight each earns.
YES_NO = {
    "yes": ({"ja": "はい", "en": "Yes"}, 1.0),
    "partly": ({"ja": "一部", "en": "Partly"}, 0.5),
    "no": ({"ja": "いいえ", "en": "No"}, 0.0),
    "dont_know": ({"ja": "わからない", "en": "Don't know"}, 0.0),
}
# Answers a supplier may give to any question it cannot answer with a value: stored as the entry's
# "unknown" key (the value stays empty), they count as answered and earn nothing, like yes_no's
# dont_know. A yes_no question has its own いいえ / わからない, so it does not take these.
UNKNOWN = {
    "not_done": {"ja": "未実施", "en": "Not done"},
    "dont_know": {"ja": "わからない", "en": "Don't know"},
}
BUILTIN_FILES = ("shuhi-supplier-2024.yaml", "shuhi-supplier-2024-interview.yaml", "shuhi-supplier-quick-2024.yaml")


class FrameworkError(ValueError):
    """A framework file that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def pick(text: dict[str, str] | str | None, lang: str | None = None) -> str:
    """The text in the user's language, falling back to the other one."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    lang = (lang or get_language() or "ja")[:2]
    return text.get(lang) or text.get("ja") or text.get("en") or next(iter(text.values()), "")


def citation(source: dict[str, str], lang: str | None = None) -> dict[str, str]:
    """A survey's source (title_ja/title_en, publisher/publisher_ja, url) in the reader's language."""
    japanese = (lang or get_language() or "ja").startswith("ja")
    title = (source.get("title_ja") if japanese else source.get("title_en")) or source.get("title_ja", "")
    publisher = (source.get("publisher_ja") if japanese else None) or source.get("publisher", "")
    return {"title": title, "publisher": publisher, "url": source.get("url", ""),
            "published": str(source.get("published", ""))}


@dataclass(frozen=True)
class Choice:
    id: str
    text: dict[str, str]
    score: float


@dataclass(frozen=True)
class Question:
    id: str
    section_id: str
    type: str
    text: dict[str, str]
    weight: float = 1.0
    indicators: tuple[str, ...] = ()
    viewpoint: str | None = None
    show_if: dict[str, Any] | None = None
    choices: tuple[Choice, ...] = ()
    practice: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    score_thresholds: tuple[tuple[float, float], ...] = ()
    score_within_days: int | None = None
    ref: str = ""

    @property
    def takes_unknown(self) -> bool:
        """Whether 未実施 / わからない are offered beside the question's own answers."""
        return self.type != "yes_no"

    @property
    def number(self) -> str:
        """The question's number as readers know it."""
        return self.ref or self.id

    @property
    def options(self) -> tuple[Choice, ...]:
        """The choices a user picks from; yes_no questions have the four fixed ones."""
        if self.type == "yes_no":
            return tuple(Choice(key, label, score) for key, (label, score) in YES_NO.items())
        return self.choices

    def label(self, lang: str | None = None) -> str:
        return pick(self.text, lang)


@dataclass(frozen=True)
class Section:
    id: str
    name: dict[str, str]
    questions: tuple[Question, ...]
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FrameworkDoc:
    id: str
    urn: str
    version: int
    kind: str
    name: dict[str, str]
    description: dict[str, str]
    sections: tuple[Section, ...]
    content: dict[str, Any]

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions() if q.id == qid), None)


def _texts(value: Any, where: str, problems: list[str], required: bool = True) -> dict[str, str]:
    if value is None or value == {}:
        if required:
            problems.append(_("%(where)s: text is missing.") % {"where": where})
        return {}
    if isinstance(value, str):
        return {"ja": value, "en": value}
    if not isinstance(value, dict) or not any(isinstance(value.get(lang), str) for lang in LANGS):
        problems.append(_("%(where)s: give the text in Japanese (ja) and/or English (en).") % {"where": where})
        return {}
    return {lang: str(value[lang]) for lang in LANGS if value.get(lang)}


def _choices(raw: Any, where: str, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or not raw:
        problems.append(_("%(where)s: a choice question needs a list of choices.") % {"where": where})
        return []
    out, seen = [], set()
    for index, item in enumerate(raw, 1):
        spot = f"{where}, choice {index}"
        if not isinstance(item, dict) or not str(item.get("id", "")).strip():
            problems.append(_("%(where)s: every choice needs an id.") % {"where": spot})
            continue
        cid = {True: "yes", False: "no"}.get(item["id"], item["id"]) if isinstance(item["id"], bool) else item["id"]
        cid = str(cid).strip()
        if cid in seen:
            problems.append(_("%(where)s: the choice id %(id)s is used twice.") % {"where": spot, "id": cid})
        seen.add(cid)
        try:
            score = float(item.get("score", 0) or 0)
        except (TypeError, ValueError):
            problems.append(_("%(where)s: the score must be a number.") % {"where": spot})
            score = 0.0
        out.append({"id": cid, "text": _texts(item.get("text"), spot, problems), "score": score})
    return out


def _question(raw: Any, section_id: str, where: str, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not str(raw.get("id", "")).strip():
        problems.append(_("%(where)s: every question needs an id.") % {"where": where})
        return None
    qid = str(raw["id"]).strip()
    where = f"{where} ({qid})"
    qtype = raw.get("type")
    if qtype not in TYPES:
        problems.append(_("%(where)s: unknown type %(type)r; use one of %(types)s.")
                        % {"where": where, "type": qtype, "types": ", ".join(TYPES)})
        return None
    out: dict[str, Any] = {"id": qid, "type": qtype, "text": _texts(raw.get("text"), where, problems)}
    if raw.get("ref"):
        out["ref"] = str(raw["ref"])  # how the question is numbered in its source, when the id is a URN
    try:
        out["weight"] = float(raw.get("weight", 1 if qtype not in {"text", "file"} else 0))
    except (TypeError, ValueError):
        problems.append(_("%(where)s: the weight must be a number.") % {"where": where})
        out["weight"] = 0.0
    # "indicator" as authors write it; "indicators" as normalise() stores it, so normalising twice is harmless.
    indicators = raw.get("indicator") or raw.get("indicators") or []
    out["indicators"] = [indicators] if isinstance(indicators, str) else [str(i) for i in indicators]
    if raw.get("viewpoint") not in (None, *VIEWPOINTS):
        problems.append(_("%(where)s: viewpoint must be trade_secret or insider.") % {"where": where})
    out["viewpoint"] = raw.get("viewpoint")
    if qtype in {"single", "multiple"}:
        out["choices"] = _choices(raw.get("choices"), where, problems)
    for key in ("practice", "unit"):
        if raw.get(key):
            out[key] = _texts(raw[key], where, problems)
    if raw.get("show_if") is not None:
        cond = raw["show_if"]
        if not isinstance(cond, dict) or not cond.get("question") or not isinstance(cond.get("answers"), list):
            problems.append(_("%(where)s: show_if needs a question and a list of answers.") % {"where": where})
        else:
            # YAML 1.1 reads a bare yes/no as a boolean; take it as the answer the author meant.
            answers = [{True: "yes", False: "no"}.get(a, a) if isinstance(a, bool) else str(a)
                       for a in cond["answers"]]
            out["show_if"] = {"question": str(cond["question"]), "answers": answers}
    if raw.get("score_thresholds"):
        out["score_thresholds"] = [{"min": float(t["min"]), "score": float(t["score"])}
                                   for t in raw["score_thresholds"]]
    if raw.get("score_within_days"):
        out["score_within_days"] = int(raw["score_within_days"])
    return out


def _check_conditions(questions: list[dict[str, Any]], problems: list[str]) -> None:
    """A condition must point back at an earlier question, and at answers that question can give."""
    seen: dict[str, dict[str, Any]] = {}
    for q in questions:
        cond = q.get("show_if")
        if cond:
            target = seen.get(cond["question"])
            if target is None:
                problems.append(_("%(id)s: show_if refers to %(target)s, which is not an earlier question.")
                                % {"id": q["id"], "target": cond["question"]})
            else:
                valid = set(YES_NO) if target["type"] == "yes_no" else {c["id"] for c in target.get("choices", [])}
                unknown = [a for a in cond["answers"] if a not in valid]
                if unknown:
                    problems.append(_("%(id)s: show_if names answers %(target)s cannot give: %(answers)s.")
                                    % {"id": q["id"], "target": cond["question"], "answers": ", ".join(unknown)})
        seen[q["id"]] = q


def normalise(raw: Any) -> dict[str, Any]:
    """Checks a framework dict (as read from shuhi's YAML) and returns its normalised form."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise FrameworkError([_("The file does not contain a framework.")])
    for key in ("id", "urn"):
        if not str(raw.get(key, "")).strip():
            problems.append(_("The framework needs %(key)s.") % {"key": key})
    kind = raw.get("kind", "questionnaire")
    if kind not in KINDS:
        problems.append(_("kind must be questionnaire or interview."))
    out: dict[str, Any] = {
        "id": str(raw.get("id", "")).strip(), "urn": str(raw.get("urn", "")).strip(),
        "version": int(raw.get("version", 1) or 1), "kind": kind,
        "name": _texts(raw.get("name"), "name", problems),
        "description": _texts(raw.get("description"), "description", problems, required=False),
        "sections": [],
    }
    all_questions: list[dict[str, Any]] = []
    for sindex, section in enumerate(raw.get("sections") or [], 1):
        if not isinstance(section, dict) or not section.get("id"):
            problems.append(_("Section %(n)s needs an id.") % {"n": sindex})
            continue
        sid = str(section["id"])
        questions = [q for qindex, rq in enumerate(section.get("questions") or [], 1)
                     if (q := _question(rq, sid, f"{sid} #{qindex}", problems)) is not None]
        normalised = {"id": sid, "name": _texts(section.get("name"), sid, problems), "questions": questions}
        if section.get("description"):
            normalised["description"] = _texts(section["description"], sid, problems)
        out["sections"].append(normalised)
        all_questions += questions
    if not all_questions:
        problems.append(_("The framework has no questions."))
    ids = [q["id"] for q in all_questions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(_("The question id %(id)s is used twice.") % {"id": dup})
    _check_conditions(all_questions, problems)
    if problems:
        raise FrameworkError(problems)
    return out


def build(content: dict[str, Any]) -> FrameworkDoc:
    """The dataclass view of a normalised framework dict."""
    sections = []
    for s in content["sections"]:
        questions = tuple(
            Question(
                id=q["id"], section_id=s["id"], type=q["type"], text=q["text"], weight=q.get("weight", 1.0),
                indicators=tuple(q.get("indicators", ())), viewpoint=q.get("viewpoint"), show_if=q.get("show_if"),
                choices=tuple(Choice(c["id"], c["text"], c["score"]) for c in q.get("choices", ())),
                practice=q.get("practice", {}), unit=q.get("unit", {}),
                score_thresholds=tuple((t["min"], t["score"]) for t in q.get("score_thresholds", ())),
                score_within_days=q.get("score_within_days"), ref=q.get("ref", ""),
            )
            for q in s["questions"]
        )
        sections.append(Section(s["id"], s["name"], questions, s.get("description", {})))
    return FrameworkDoc(content["id"], content["urn"], content["version"], content["kind"], content["name"],
                        content.get("description", {}), tuple(sections), content)


# A framework is a few levels deep and a few thousand nodes large; these bounds are far above
# that and far below what exhausts the server (50,000 nested "[" overflowed the parser's stack;
# a few anchors referring to each other expand to billions of nodes).
MAX_YAML_DEPTH = 100
MAX_YAML_NODES = 1_000_000


def _check_yaml_shape(text: str) -> None:
    """Refuse YAML nested too deeply or expanding (through aliases) to too many nodes.

    Walks the parser's events, which needs no recursion and is linear in the text, before the
    recursive composer of yaml.safe_load sees it.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None]]
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([0, event.anchor])
            if len(stack) > MAX_YAML_DEPTH:
                raise FrameworkError([_("The file nests lists or mappings more than %(depth)s levels deep.")
                                      % {"depth": MAX_YAML_DEPTH}])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            count, anchor = stack.pop()
            size = count + 1
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = sizes.get(event.anchor, 1), None
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        stack[-1][0] += size
        if stack[-1][0] > MAX_YAML_NODES:
            raise FrameworkError([_("The file expands to more than %(nodes)s values.") % {"nodes": MAX_YAML_NODES}])


def parse_yaml(text: str) -> dict[str, Any]:
    try:
        _check_yaml_shape(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError([_("The file is not valid YAML: %(error)s") % {"error": exc}]) from exc
    return raw


def builtin_contents() -> list[dict[str, Any]]:
    folder = resources.files("shuhi.suppliers").joinpath("frameworks")
    return [normalise(parse_yaml(folder.joinpath(name).read_text(encoding="utf-8"))) for name in BUILTIN_FILES]


def is_shown(question: Question, answers: dict[str, Any]) -> bool:
    """Whether a conditional question applies, given the answers so far."""
    if not question.show_if:
        return True
    value = (answers.get(question.show_if["question"]) or {}).get("value")
    values = value if isinstance(value, list) else [value]
    return any(v in question.show_if["answers"] for v in values)


def unknown_mark(question: Question, raw: Any) -> str | None:
    """"not_done" or "dont_know" when `raw` says so (code or label) for a question that takes them."""
    if not question.takes_unknown or not isinstance(raw, str):
        return None
    word = raw.strip().casefold()
    if question.type in {"single", "multiple"} and any(c.id.casefold() == word for c in question.choices):
        return None  # the framework's own choice of that name wins
    for key, labels in UNKNOWN.items():
        if word == key or word in {label.casefold() for label in labels.values()}:
            return key
    return None


def clean_answer(question: Question, raw: Any) -> Any:
    """The stored form of one answer; ValueError with a readable message when it does not fit."""
    if raw is None or raw == "" or raw == []:
        return None
    if question.type in {"yes_no", "single"}:
        valid = {c.id for c in question.options}
        if str(raw) not in valid:
            raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(sorted(valid))})
        return str(raw)
    if question.type == "multiple":
        values = raw if isinstance(raw, list) else [v.strip() for v in str(raw).replace("、", ";").split(";")]
        values = [str(v) for v in values if str(v).strip()]
        valid = {c.id for c in question.choices}
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise ValueError(_("Unknown choices %(unknown)s; choose from %(choices)s.")
                             % {"unknown": ", ".join(unknown), "choices": ", ".join(sorted(valid))})
        return sorted(set(values), key=[c.id for c in question.choices].index)
    if question.type == "number":
        try:
            number = float(str(raw).replace(",", ""))
        except ValueError as exc:
            raise ValueError(_("Enter a number.")) from exc
        if number < 0:
            raise ValueError(_("Enter a number of zero or more."))
        return int(number) if number.is_integer() else number
    if question.type == "date":
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip().replace("/", "-")).isoformat()
        except ValueError as exc:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from exc
    return str(raw).strip()[:4000]
