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

PATHS_PER_DOMAIN = 30
CONTENTS_PER_EXT = 40
RECIPIENT_LISTS = 20
PERSONAL_FILES = 12
SHARE_FILES = 40
SECRET_FILES = 30

# Order matters: favourites index the first two groups (see synth_people._habits).
DOMAIN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("common", tuple(vocab.COMMON_SITES)), ("webmail", vocab.WEBMAIL), ("job", vocab.JOB_SITES),
    ("cloud", vocab.CLOUD_STORAGE), ("leak", vocab.LEAK_SITES), ("competitor", vocab.COMPETITORS),
    ("partner", vocab.PARTNERS), ("security", vocab.SECURITY_SITES),
)


def words(rng: np.random.Generator, pool: list[str] | tuple[str, ...], low: int, high: int) -> str:
    return " ".join(rng.choice(pool, int(rng.integers(low, high + 1))))


def _token(rng: np.random.Generator, length: int = 10) -> str:
    return "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), length))


@dataclass
class Pools:
    users: pa.Array
    pcs: pa.Array
    domain_start: dict[str, int]  # first domain index of each group
    domain_count: dict[str, int]
    urls: pa.Array  # domain index * PATHS_PER_DOMAIN + path index
    url_contents: pa.Array
    zipf_p: np.ndarray  # popularity of the favourite-able domains
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
    mail_contents: pa.Array
    from_addr: pa.Array


def _web(rng: np.random.Generator) -> tuple[dict[str, int], dict[str, int], list[str], list[str]]:
    starts, counts, urls, contents = {}, {}, [], []
    n_domains = 0
    for group, domains in DOMAIN_GROUPS:
        starts[group], counts[group] = n_domains, len(domains)
        n_domains += len(domains)
        topic = {"job": vocab.JOB_WORDS, "cloud": vocab.CLOUD_WORDS,
                 "leak": vocab.LEAK_WORDS}.get(group, vocab.TOPIC_WORDS)
        for domain in domains:
            for _ in range(PATHS_PER_DOMAIN):
                section = "_".join(rng.choice(vocab.TOPIC_WORDS, 2))
                ext = rng.choice(["html", "php", "asp", "jsp", "htm"])
                urls.append(f"http://{domain}/{section}/{_token(rng)}.{ext}")
                contents.append(words(rng, topic, 6, 14))
    return starts, counts, urls, contents


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


def _recipient_lists(rng: np.random.Generator, pop: Population) -> tuple[list[str], list[str], list[str]]:
    """Per user, a few habitual to/cc/bcc combinations: mostly team and department, some partners."""
    to, cc, bcc = [], [], []
    teams: dict[str, list[int]] = {}
    for u, team in enumerate(pop.team):
        teams.setdefault(pop.department[u] + team, []).append(u)
    emails_home = rng.random(pop.n_users) < 0.1
    for u in range(pop.n_users):
        mates = [v for v in teams[pop.department[u] + pop.team[u]] if v != u] or [0]
        contacts = [pop.emails[v] for v in rng.choice(mates, min(len(mates), 8), replace=False)]
        contacts += [pop.emails[v] for v in rng.choice(pop.n_users, 4)]
        contacts += [f"{_token(rng, 6)}@{d}" for d in rng.choice(vocab.PARTNERS, 2)]
        for k in range(RECIPIENT_LISTS):
            chosen = list(rng.choice(contacts, int(rng.integers(1, 4)), replace=False))
            if k == 0 and emails_home[u]:
                chosen = [pop.personal_emails[u]]  # some people forward things to themselves
            to.append(";".join(chosen))
            cc.append(";".join(rng.choice(contacts, int(rng.integers(1, 3)))) if rng.random() < 0.35 else "")
            bcc.append(str(rng.choice(contacts)) if rng.random() < 0.04 else "")
    return to, cc, bcc


def build_pools(rng: np.random.Generator, pop: Population) -> Pools:
    starts, counts, urls, url_contents = _web(rng)
    n_fav = counts["common"] + counts["webmail"]
    zipf = 1.0 / np.arange(1, n_fav + 1) ** 1.1
    paths, exts, layout = _file_paths(rng, pop)
    file_contents = [f"{magic} {words(rng, vocab.TOPIC_WORDS, 4, 10)}"
                     for _, magic in vocab.FILE_EXTENSIONS for _ in range(CONTENTS_PER_EXT)]
    to, cc, bcc = _recipient_lists(rng, pop)
    mail_contents = [words(rng, vocab.TOPIC_WORDS, 8, 20) for _ in range(400)]
    return Pools(
        users=pa.array(pop.ids), pcs=pa.array(pop.pcs), domain_start=starts, domain_count=counts,
        urls=pa.array(urls), url_contents=pa.array(url_contents),
        zipf_p=zipf[rng.permutation(n_fav)] / zipf.sum(),
        files=pa.array(paths), file_ext=np.array(exts), file_contents=pa.array(file_contents),
        to_lists=pa.array(to), cc_lists=pa.array(cc), bcc_lists=pa.array(bcc),
        mail_contents=pa.array(mail_contents), from_addr=pa.array(pop.emails), **layout,
    )
