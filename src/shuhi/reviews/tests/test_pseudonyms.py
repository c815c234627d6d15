from __future__ import annotations

import json
import re

from shuhi.reviews.pseudonyms import PSEUDONYM_RE, find_user, pseudonym, pseudonymise_report

SECRET = b"test-secret"


def _report(user="ECH2785", other="DSJ2438"):
    return {"windows": [{"start": "2010-02-01", "end": "2010-02-07", "ranking": [
        {"user": user, "score": 3.0, "peer_group": "Engineer", "reasons": [
            {"indicator": "foreign_pc", "name_en": "Logon to another user's dedicated PC", "count": 1,
             "weight": 2.0, "detail": f"{user} logged on", "examples": [
                 {"time": "2010-02-02 19:23:23", "host": "PC-1", "kind": "logon", "action": "logon",
                  "object": f"C:\\Users\\{user}\\Documents\\plan.docx", "destination": other},
                 {"time": "2010-02-02 19:24:00", "host": "PC-1", "kind": "email", "action": "send",
                  "object": "4", "destination": "eric_harris65@yahoo.com; Eric.Harris@dtaa.com"}]}]},
        {"user": other, "score": 0.0, "reasons": []}]}], "stats": {"events": 10}}


def test_a_pseudonym_is_stable_and_shaped_like_u_and_eight_hex_digits():
    assert pseudonym("ECH2785", secret=SECRET) == pseudonym("ech2785 ", secret=SECRET)
    assert PSEUDONYM_RE.match(pseudonym("ECH2785", secret=SECRET))
    assert pseudonym("ECH2785", secret=SECRET) != pseudonym("ECH2785", secret=b"another installation")
    assert pseudonym("ECH2785", secret=SECRET) != pseudonym("DSJ2438", secret=SECRET)


def test_the_stored_report_never_contains_a_real_id_name_or_address():
    people = {"ECH2785": {"name": "Eric Harris", "email": "Eric.Harris@dtaa.com"}, "DSJ2438": {}}
    report = pseudonymise_report(_report(), people, secret=SECRET)
    text = json.dumps(report)
    for secret_word in ("ECH2785", "DSJ2438", "Eric", "Harris", "eric_harris65"):
        assert secret_word.lower() not in text.lower()
    alias = pseudonym("ECH2785", secret=SECRET)
    entry = report["windows"][0]["ranking"][0]
    assert entry["user"] == alias
    example = entry["reasons"][0]["examples"]
    assert alias in example[0]["object"] and pseudonym("DSJ2438", secret=SECRET) in example[0]["destination"]
    # Outside addresses keep their domain (the evidence) and a stable token for the person.
    assert re.search(r"x-[0-9a-f]{6}@yahoo\.com", example[1]["destination"])
    assert f"{alias}@dtaa.com" in example[1]["destination"]
    assert example[0]["time"] == "2010-02-02 19:23:23"


def test_find_user_recomputes_the_mapping_from_candidate_ids():
    alias = pseudonym("ECH2785", secret=SECRET)
    assert find_user(alias, ["AAA0001", "ECH2785", "DSJ2438"], secret=SECRET) == ["ECH2785"]
    assert find_user(alias, ["AAA0001"], secret=SECRET) == []


def test_re_identification_falls_back_to_the_users_in_the_events(dataset, tmp_path):
    import csv
    import shutil

    from shuhi.reviews.models import LogSource
    from shuhi.reviews.runner import find_identities

    # Without LDAP snapshots the context knows nobody; the events still name the users.
    copy = tmp_path / "no-ldap"
    shutil.copytree(dataset, copy, ignore=shutil.ignore_patterns("LDAP", "answers*", "psychometric.csv"))
    source = LogSource(name="x", path=str(copy))
    with (dataset / "logon.csv").open(encoding="utf-8") as handle:
        user_id = next(csv.DictReader(handle))["user"]
    assert find_identities(source, pseudonym(user_id)) == [user_id]
