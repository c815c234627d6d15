"""Pre-built string pools (URLs, page contents, file paths, recipient lists) for the generator.

Rows pick values from these pools by integer index, so a day's 80,000 web visits cost one Arrow
`take` instead of 80,000 f-strings; the pools themselves are a few tens of thousands of strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import synth_vocab as vocab
from .synth_people import Population
from .synth_web import Web, build_web, content_words, draw, generated_domains, vocabulary, zipf_cdf

CONTENTS_PER_EXT = 40
RECIPIENT_LISTS = 40
INCOMING_SENDERS = 24
FAVOURITES = 25
PERSONAL_FILES = 12
SHARE_FILES = 40
SECRET_FILES = 30


def domain_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Order matters: the common sites (named, then generated) and webmail are browsable."""
    return (
        ("common", tuple(vocab.COMMON_SITES) + generated_domains()), ("webmail", vocab.WEBMAIL),
        ("job", vocab.JOB_SITES), ("cloud", vocab.CLOUD_STORAGE), ("leak", vocab.LEAK_SITES),
        ("competitor", vocab.COMPETITORS), ("partner", vocab.PARTNERS), ("security", vocab.SECURITY_SITES),
    )


def words(rng: np.random.Generator, pool: list[str] | tuple[str, ...], low: int, high: int) -> str:
    return " ".join(rng.choice(pool, int(rng.integers(low, high + 1))))


def _token(rng: np.random.Generator, length: int = 10) -> str:
    return "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), length))


@dataclass
class Pools:
    users: pa.Array
    pcs: pa.Array
    web: Web
    fav_domains: np.ndarray  # (n_users, FAVOURITES) domain indices, the first the most visited
    fav_cdf: np.ndarray  # how a user's visits spread over the favourites
    files: pa.Array
    file_ext: np.ndarray  # extension index of each file path
    personal_base: np.ndarray  # user -> first index of that user's own documents
    share_base: np.ndarray  # user -> first index of the department share's files
    confidential_base: np.ndarray
    secret_base: int
    n_secret: int
    file_contents: pa.Array  # ext index * CONTENTS_PER_EXT + k
    to_lists: pa.Array  # user * RECIPIENT_LISTS + k
    cc_lists: pa.Array
    bcc_lists: pa.Array
    incoming: pa.Array  # user * INCOMING_SENDERS + k: who writes to the user (r5.2 Receive rows)
    mail_contents: pa.Array
    from_addr: pa.Array
    removable_trees: pa.Array  # device.csv file_tree values (r5.2)

    @property
    def domain_start(self) -> dict[str, int]:
        return self.web.domain_start

    @property
    def domain_count(self) -> dict[str, int]:
        return self.web.domain_count


def _favourites(rng: np.random.Generator, web: Web, n_users: int) -> np.ndarray:
    """Each user's favourite sites, drawn by popularity: everyone's list starts with big sites."""
    ranks = draw(rng, web.popular_cdf, n_users * FAVOURITES * 2).reshape(n_users, FAVOURITES * 2)
    fav = np.empty((n_users, FAVOURITES), dtype=np.int64)
    for u in range(n_users):
        unique = list(dict.fromkeys(ranks[u].tolist()))[:FAVOURITES]
        while len(unique) < FAVOURITES:
            unique.append(int(rng.integers(0, len(web.popular_order))))
        fav[u] = web.popular_order[unique]
    return fav


def _file_paths(rng: np.random.Generator, pop: Population) -> tuple[list[str], list[int], dict[str, object]]:
    paths: list[str] = []
    exts: list[int] = []

    def add(prefix: str, n: int) -> int:
        first = len(paths)
        for _ in range(n):
            ext = int(rng.integers(len(vocab.FILE_EXTENSIONS)))
            paths.append(f"{prefix}\\{_token(rng, 8).upper()}.{vocab.FILE_EXTENSIONS[ext][0]}")
            exts.append(ext)
        return first

    personal = np.array([add(f"C:\\Users\\{uid}\\Documents", PERSONAL_FILES) for uid in pop.ids])
    depts = sorted(set(pop.department))
    dept_share = {d: add(f"\\\\fileserver\\share\\{d.split(' - ')[-1]}", SHARE_FILES) for d in depts}
    dept_conf = {}
    for k, d in enumerate(depts):
        root = vocab.CONFIDENTIAL_ROOTS[k % len(vocab.CONFIDENTIAL_ROOTS)]
        dept_conf[d] = add(f"{root}\\{d.split(' - ')[-1]}", SHARE_FILES // 2)
    secret_base = len(paths)
    for k, project in enumerate(vocab.SECRET_PROJECTS):
        add(f"{vocab.TOP_SECRET_ROOTS[k % 2]}\\{project}\\{rng.choice(vocab.TOPIC_WORDS)}", SECRET_FILES)
    layout = {
        "personal_base": personal,
        "share_base": np.array([dept_share[d] for d in pop.department]),
        "confidential_base": np.array([dept_conf[d] for d in pop.department]),
        "secret_base": secret_base, "n_secret": len(paths) - secret_base,
    }
    return paths, exts, layout


def _count(rng: np.random.Generator, p_one: float, cap: int) -> int:
    """1 with probability p_one, else a geometric tail: most mail has one recipient, a few many."""
    return int(min(cap, 1 + (rng.geometric(0.35) if rng.random() > p_one else 0)))


def _recipient_lists(rng: np.random.Generator, pop: Population
                     ) -> tuple[list[str], list[str], list[str], list[str]]:
    """Per user, habitual to/cc/bcc combinations and the people who write to the user.

    CERT r4.2's README: mail follows the organisational graph and a friendship graph whose
    degree follows a power law, "a small percentage of the time, a user will email someone
    randomly", and lists mix employees and non-employees.
    """
    to, cc, bcc, incoming = [], [], [], []
    teams: dict[str, list[int]] = {}
    for u, team in enumerate(pop.team):
        teams.setdefault(pop.department[u] + team, []).append(u)
    emails_home = rng.random(pop.n_users) < 0.1
    friends = np.minimum(rng.pareto(1.5, pop.n_users) * 3 + 2, 40).astype(int)
    for u in range(pop.n_users):
        mates = [v for v in teams[pop.department[u] + pop.team[u]] if v != u] or [0]
        contacts = [pop.emails[v] for v in rng.choice(mates, min(len(mates), 10), replace=False)]
        contacts += [pop.emails[v] for v in rng.choice(pop.n_users, friends[u])]
        contacts += [f"{_token(rng, 6)}@{d}" for d in rng.choice(vocab.PARTNERS, 3)]
        contacts += [f"{_token(rng, 7)}@{d}" for d in rng.choice(vocab.WEBMAIL_ADDRESS_DOMAINS, 2)]
        # Mates first: they get most of the mail (a Zipf-like preference over the contact list).
        weights = 1.0 / np.arange(1, len(contacts) + 1) ** 0.8
        weights /= weights.sum()
        for k in range(RECIPIENT_LISTS):
            count = min(len(contacts), _count(rng, 0.6, 12))
            chosen = list(rng.choice(contacts, count, replace=False, p=weights))
            if k == 0 and emails_home[u]:
                chosen = [pop.personal_emails[u]]  # some people forward things to themselves
            elif k == RECIPIENT_LISTS - 1:
                chosen = [pop.emails[int(rng.integers(pop.n_users))]]  # the odd random contact
            to.append(";".join(chosen))
            cc.append(";".join(rng.choice(contacts, _count(rng, 0.7, 6))) if rng.random() < 0.3 else "")
            bcc.append(str(rng.choice(contacts)) if rng.random() < 0.05 else "")
        incoming += list(rng.choice(contacts, INCOMING_SENDERS, p=weights))
    return to, cc, bcc, incoming


def _removable_trees(rng: np.random.Generator, n: int) -> list[str]:
    """file_tree of a connected drive (r5.2 device.csv): its root and a few folders."""
    words = vocabulary()
    trees = []
    for _ in range(n):
        folders = [f"E:\\{words[int(k)]}" for k in rng.integers(0, 300, int(rng.integers(1, 6)))]
        trees.append(";".join(["E:\\", *folders]))
    return trees


def build_pools(rng: np.random.Generator, pop: Population) -> Pools:
    web = build_web(domain_groups())
    paths, exts, layout = _file_paths(rng, pop)
    lexicon = vocabulary()
    word_cdf = zipf_cdf(len(lexicon), 1.05)
    file_contents = [f"{magic} {text}" for _, magic in vocab.FILE_EXTENSIONS
                     for text in content_words(rng, word_cdf, lexicon, CONTENTS_PER_EXT, 12.0, 0.5, 3, 60)]
    to, cc, bcc, incoming = _recipient_lists(rng, pop)
    mail_contents = content_words(rng, word_cdf, lexicon, 4000, 18.0, 0.6, 4, 120)
    return Pools(
        users=pa.array(pop.ids), pcs=pa.array(pop.pcs), web=web,
        fav_domains=_favourites(rng, web, pop.n_users), fav_cdf=zipf_cdf(FAVOURITES, 1.2),
        files=pa.array(paths), file_ext=np.array(exts), file_contents=pa.array(file_contents),
        to_lists=pa.array(to), cc_lists=pa.array(cc), bcc_lists=pa.array(bcc),
        incoming=pa.array(incoming), mail_contents=pa.array(mail_contents), from_addr=pa.array(pop.emails),
        removable_trees=pa.array(_removable_trees(rng, 200)), **layout,
    )
