"""What the apps add to core's pages: menu entries, dashboard cards and panels, demo data.

Core sits beneath the apps and imports none of them. Each app registers its parts here from its
AppConfig.ready(), so adding an app touches no file of core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOME = "home"
SUPPLIER = "supplier"


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    order: int
    audience: str = HOME
    args: tuple = ()


@dataclass(frozen=True)
class Card:
    """A dashboard card or panel: `context(user)` returns what its template shows, or None to hide it."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int
    audience: str = HOME
    wide: bool = False


@dataclass(frozen=True)
class DemoLoader:
    """`load(home)` adds an app's demo data once the organisations and people exist."""

    key: str
    load: Callable[[Any], Any]
    order: int


@dataclass
class Registry:
    nav: dict[str, NavItem] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    demo: dict[str, DemoLoader] = field(default_factory=dict)


REGISTRY = Registry()


def register_nav(key: str, item: NavItem) -> None:
    REGISTRY.nav[key] = item


def register_card(card: Card) -> None:
    REGISTRY.cards[card.key] = card


def register_demo(loader: DemoLoader) -> None:
    REGISTRY.demo[loader.key] = loader


def _audience(user: Any) -> str:
    return SUPPLIER if user.is_supplier else HOME


def nav_items(user: Any) -> list[NavItem]:
    return sorted((i for i in REGISTRY.nav.values() if i.audience == _audience(user)), key=lambda i: i.order)


def cards_for(user: Any, *, wide: bool) -> list[dict[str, Any]]:
    """The cards (or wide panels) `user` sees, each as {"template", "data"}, in order."""
    shown = []
    for card in sorted(REGISTRY.cards.values(), key=lambda c: c.order):
        if card.audience != _audience(user) or card.wide != wide:
            continue
        data = card.context(user)
        if data is not None:
            shown.append({"key": card.key, "template": card.template, "data": data})
    return shown


def demo_loaders() -> list[DemoLoader]:
    return sorted(REGISTRY.demo.values(), key=lambda d: d.order)
