"""What the apps add to core's pages: menu entries, dashboard cards and panels, demo data.

Core sits beneath the apps and imports none of them. Each app registers its parts here from its
AppConfig.ready(), so adding an app touches no file of core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shuhi.core.permissions import role_in

HOME = "home"
SUPPLIER = "supplier"


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    order: int
    audience: str = HOME
    args: tuple = ()
    # Home roles that see the entry (None: every role of the audience), as for cards.
    roles: frozenset[str] | None = None
    # Entries with the same group (a label) next to each other in order fold into one drop-down.
    group: Any = None


@dataclass(frozen=True)
class Card:
    """A dashboard card or panel: `context(user)` returns what its template shows, or None to hide it."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int
    audience: str = HOME
    wide: bool = False
    # Home roles that see the card (None: every role of the audience). Company-wide figures are for
    # the roles that read the whole company, never for an ordinary employee.
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class Todo:
    """One line of a person's to-do list: what to do, how many, and the page that lists exactly those.

    `rows` names the context variable of that page holding its rows (a list, or a `page_obj`), so
    that a test can prove the count and the page agree.
    """

    label: Any
    count: int
    url: str
    rows: str = "page_obj"


@dataclass(frozen=True)
class TodoSource:
    """`todos(user)` returns the user's to-dos of one app, computed from the selectors of the pages they link to."""

    key: str
    todos: Callable[[Any], list[Todo]]
    order: int


@dataclass(frozen=True)
class HeaderLink:
    """A link in the page header with a count beside it (the inbox's unread notifications).
    `count(user)` returns None to hide the link."""

    key: str
    label: Any
    url_name: str
    count: Callable[[Any], int | None]
    order: int


@dataclass(frozen=True)
class DemoLoader:
    """`load(home)` adds an app's demo data once the organisations and people exist."""

    key: str
    load: Callable[[Any], Any]
    order: int


@dataclass(frozen=True)
class ManagementIndicator:
    """One figure of the management dashboard and the monthly report, snapshotted every month.

    `value(organisation)` measures the home organisation now: a percent when `unit` is "%", a count
    when it is "count", or None when there is nothing to measure. `survey_key` names the figure of
    IPA's survey (ledger/survey_benchmarks.yaml) it is read beside; `url_name` the page explaining it.
    """

    key: str
    label: Any
    area: Any
    value: Callable[[Any], float | None]
    order: int
    unit: str = "%"
    survey_key: str | None = None
    url_name: str = ""
    higher_is_better: bool = True
    # What is counted and why it matters, shown on the indicator's page of the management dashboard.
    description: Any = ""


@dataclass
class Registry:
    nav: dict[str, NavItem] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    demo: dict[str, DemoLoader] = field(default_factory=dict)
    todos: dict[str, TodoSource] = field(default_factory=dict)
    header: dict[str, HeaderLink] = field(default_factory=dict)
    indicators: dict[str, ManagementIndicator] = field(default_factory=dict)
    # Lookups from a user to the reading of their name (core.pickers sorts people by it).
    readings: list[str] = field(default_factory=list)
    followers: dict[str, dict[str, Callable[..., Any]]] = field(default_factory=dict)


REGISTRY = Registry()


def register_nav(key: str, item: NavItem) -> None:
    REGISTRY.nav[key] = item


def register_card(card: Card) -> None:
    REGISTRY.cards[card.key] = card


def register_demo(loader: DemoLoader) -> None:
    REGISTRY.demo[loader.key] = loader


def register_todo(source: TodoSource) -> None:
    REGISTRY.todos[source.key] = source


def register_header_link(link: HeaderLink) -> None:
    REGISTRY.header[link.key] = link


def register_indicator(indicator: ManagementIndicator) -> None:
    REGISTRY.indicators[indicator.key] = indicator


def register_follower(topic: str, key: str, follower: Callable[..., Any]) -> None:
    """Have `follower(actor=…, obj=…)` run inside the transaction of whatever the app owning `topic`
    records (people's "people.lifecycle_event": training assigns modules on a hire). The owning app
    calls `followers(topic)` and imports none of the followers."""
    REGISTRY.followers.setdefault(topic, {})[key] = follower


def followers(topic: str) -> list[Callable[..., Any]]:
    return [REGISTRY.followers[topic][key] for key in sorted(REGISTRY.followers.get(topic, {}))]


def management_indicators() -> list[ManagementIndicator]:
    return sorted(REGISTRY.indicators.values(), key=lambda i: i.order)


def _audience(user: Any) -> str:
    return SUPPLIER if user.is_supplier else HOME


def nav_items(user: Any) -> list[NavItem]:
    shown = (i for i in REGISTRY.nav.values()
             if i.audience == _audience(user) and (i.roles is None or role_in(user, i.roles)))
    return sorted(shown, key=lambda i: i.order)


def cards_for(user: Any, *, wide: bool) -> list[dict[str, Any]]:
    """The cards (or wide panels) `user` sees, each as {"template", "data"}, in order."""
    shown = []
    for card in sorted(REGISTRY.cards.values(), key=lambda c: c.order):
        if card.audience != _audience(user) or card.wide != wide:
            continue
        if card.roles is not None and not role_in(user, card.roles):
            continue
        data = card.context(user)
        if data is not None:
            shown.append({"key": card.key, "template": card.template, "data": data})
    return shown


def todos_for(user: Any) -> list[Todo]:
    """What `user` must do now, every app's to-dos in order, only those with something to do."""
    found: list[Todo] = []
    for source in sorted(REGISTRY.todos.values(), key=lambda s: s.order):
        found.extend(todo for todo in source.todos(user) if todo.count)
    return found


def header_links(user: Any) -> list[dict[str, Any]]:
    shown = []
    for link in sorted(REGISTRY.header.values(), key=lambda h: h.order):
        count = link.count(user)
        if count is not None:
            shown.append({"key": link.key, "label": link.label, "url_name": link.url_name, "count": count})
    return shown


def demo_loaders() -> list[DemoLoader]:
    return sorted(REGISTRY.demo.values(), key=lambda d: d.order)
