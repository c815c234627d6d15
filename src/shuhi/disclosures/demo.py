"""Demo data for the disclosure register (not built yet)."""


def load_demo_disclosures(home) -> None:
    return None
