"""The synthetic internet: thousands of domains, topic-worded pages and unique query strings.

Shaped after the real files rather than after what the engine finds easy (sources in
docs/logreview.md, "Synthetic data and its sources"):

- CERT's r4.2 README: "most of the domain names are randomly generated", "words in the URL are
  usually related to the topic of the web page", content is "a space-separated list of content
  keywords". A public sample of r4.2 shows 357 domains in 4,553 requests of 66 users and a
  median of 52% distinct URLs in a user's day; over a whole period about half of all URLs are
  distinct, because company proxy logs carry query strings and session ids.
- Site popularity follows a Zipf law (Adamic & Huberman, "Zipf's law and the Internet", 2002),
  so a few sites take most visits and a long tail of thousands is seen once or twice.

The internet is the same for every dataset (a fixed generator seed): like the real one, it does
not depend on the company. Which pages a user visits depends on the dataset's seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import synth_vocab as vocab
from .synth_write import fixed_width_strings

GENERATED_DOMAINS = 3000
PATHS_PER_DOMAIN = 24
VOCABULARY_SIZE = 6000
INTERNET_SEED = 2010

_SYLLABLES = tuple(vocab.split_words(
    "ka ri to ne mo sa lu vi an er in on el ar or ta de po mi ra co la ve ni su ba ge ho fi "
    "ju ly qua tri bro gra pla sti clo fra dri ser ton mar ven tec dat net soft web cast hub "
    "zen nov lex pix sol tor ram din gal hex mod vox"
))
_TLDS = ("com",) * 12 + ("net",) * 3 + ("org",) * 3 + ("info", "biz", "co.uk", "de", "us", "tv", "io")
_EXTENSIONS = ("html", "php", "asp", "jsp", "htm", "aspx")
# Query templates seen in proxy logs; the random part is appended as hex (cannot spell a keyword).
QUERY_PREFIXES = ("?sid=", "?session=", "?id=", "?utm_source=mail&uid=", "?q=search&ref=", "?page=2&t=")


def _forbidden() -> tuple[str, ...]:
    listed = (vocab.JOB_SITES + vocab.CLOUD_STORAGE + vocab.LEAK_SITES + vocab.COMPETITORS
              + vocab.PARTNERS + vocab.SECURITY_SITES + vocab.KEYLOGGER_SITES + vocab.WEBMAIL
              + vocab.WEBMAIL_ADDRESS_DOMAINS + (vocab.COMPANY_DOMAIN,))
    return tuple(listed) + vocab.SUSPICIOUS_DOWNLOAD_KEYWORDS + ("leak", "job", "career", "upload")


def _clean(name: str, forbidden: tuple[str, ...]) -> bool:
    # A background page must not mention a listed domain or keyword: the engine would rightly
    # flag it, and the background would no longer be what the answer key says it is.
    return not any(word in name for word in forbidden)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """Content words: the topic words first (most frequent), then pseudo-words from syllables."""
    rng = np.random.default_rng([INTERNET_SEED, 1])
    forbidden = _forbidden()
    words = list(dict.fromkeys(vocab.TOPIC_WORDS))
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES, int(rng.integers(2, 4))))
        if word not in seen and _clean(word, forbidden):
            seen.add(word)
            words.append(word)
    return tuple(words)


@lru_cache(maxsize=1)
def generated_domains() -> tuple[str, ...]:
    rng = np.random.default_rng([INTERNET_SEED, 2])
    forbidden = _forbidden()
    taken = set(vocab.COMMON_SITES)
    names: list[str] = []
    while len(names) < GENERATED_DOMAINS:
        stem = "".join(rng.choice(_SYLLABLES, int(rng.integers(2, 4))))
        if rng.random() < 0.15:
            stem += "-" + str(rng.choice(_SYLLABLES))
        name = f"{stem}.{rng.choice(_TLDS)}"
        if name not in taken and _clean(name, forbidden):
            taken.add(name)
            names.append(name)
    return tuple(names)


def zipf_cdf(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def draw(rng: np.random.Generator, cdf: np.ndarray, n: int) -> np.ndarray:
    """n ranks from a precomputed CDF; searchsorted is several times cheaper than rng.choice(p=)."""
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def content_words(rng: np.random.Generator, word_cdf: np.ndarray, words: tuple[str, ...],
                  n: int, median: float, sigma: float, low: int, high: int,
                  topic: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """n keyword lists: Zipf-frequent words, lognormal lengths (CERT content is a keyword list)."""
    lengths = np.clip(rng.lognormal(np.log(median), sigma, n).astype(int), low, high)
    ranks = draw(rng, word_cdf, int(lengths.sum()))
    out, at = [], 0
    for length in lengths.tolist():
        chosen = [words[r] for r in ranks[at : at + length].tolist()]
        if topic is not None:
            # Pages of a listed kind (job sites, cloud storage) speak of their topic.
            chosen[: max(1, length // 3)] = rng.choice(topic, max(1, length // 3)).tolist()
        out.append(" ".join(chosen))
        at += length
    return out


@dataclass
class Web:
    domains: tuple[str, ...]
    domain_start: dict[str, int]
    domain_count: dict[str, int]
    urls: pa.Array  # domain index * PATHS_PER_DOMAIN + path index
    url_contents: pa.Array
    popular_cdf: np.ndarray  # over the browsable domains (common, generated, webmail), by rank
    popular_order: np.ndarray  # rank -> domain index
    path_cdf: np.ndarray
    queries: pa.Array


def build_web(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> Web:
    return _build_web(groups)


@lru_cache(maxsize=2)
def _build_web(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> Web:
    rng = np.random.default_rng([INTERNET_SEED, 3])
    words = vocabulary()
    word_cdf = zipf_cdf(len(words), 1.05)
    starts, counts, domains = {}, {}, []
    urls, contents = [], []
    for group, names in groups:
        starts[group], counts[group] = len(domains), len(names)
        domains += names
        topic = {"job": vocab.JOB_WORDS, "cloud": vocab.CLOUD_WORDS, "leak": vocab.LEAK_WORDS}.get(group)
        n = len(names) * PATHS_PER_DOMAIN
        first = rng.integers(0, 400, n)  # URL words come from the frequent, topical part
        second = rng.integers(0, len(words), n)
        page = rng.integers(0, len(words), n)
        ext = rng.integers(0, len(_EXTENSIONS), n)
        for k in range(n):
            domain = names[k // PATHS_PER_DOMAIN]
            if k % PATHS_PER_DOMAIN == 0:
                urls.append(f"http://{domain}/")  # the home page, the most visited
            else:
                urls.append(f"http://{domain}/{words[first[k]]}_{words[second[k]]}/"
                            f"{words[page[k]]}.{_EXTENSIONS[ext[k]]}")
        contents += content_words(rng, word_cdf, words, n, 14.0, 0.6, 4, 80, topic)
    browsable = np.concatenate([
        np.arange(starts["common"], starts["common"] + counts["common"]),
        np.arange(starts["webmail"], starts["webmail"] + counts["webmail"]),
    ])
    named = len(vocab.COMMON_SITES)
    # The well-known sites lead the ranking, webmail close behind, then the generated long tail.
    order = np.concatenate([browsable[:named], browsable[-counts["webmail"]:],
                            rng.permutation(browsable[named:-counts["webmail"]])])
    return Web(
        domains=tuple(domains), domain_start=starts, domain_count=counts, urls=pa.array(urls),
        url_contents=pa.array(contents), popular_cdf=zipf_cdf(len(order), 1.0), popular_order=order,
        path_cdf=zipf_cdf(PATHS_PER_DOMAIN, 1.3), queries=pa.array(QUERY_PREFIXES),
    )


def with_queries(rng: np.random.Generator, web: Web, urls: pa.Array, unique: np.ndarray) -> pa.Array:
    """Append a query string with a random session id to the rows where `unique` is set."""
    n = int(unique.sum())
    if n == 0:
        return urls
    hexdigits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    token = fixed_width_strings(hexdigits[rng.integers(0, 16, size=(n, 16), dtype=np.uint8)])
    prefix = web.queries.take(pa.array(rng.integers(0, len(QUERY_PREFIXES), n)))
    where = np.flatnonzero(unique)
    chosen = urls.take(pa.array(where))
    joined = pc.binary_join_element_wise(chosen, prefix, token, "")
    # Scatter the joined values back: rows without a query keep the page's plain URL.
    position = np.full(len(urls), -1, dtype=np.int64)
    position[where] = np.arange(n)
    merged = pa.concat_arrays([urls.cast(pa.string()), joined.cast(pa.string())])
    index = np.where(position >= 0, len(urls) + position, np.arange(len(urls)))
    return merged.take(pa.array(index))
