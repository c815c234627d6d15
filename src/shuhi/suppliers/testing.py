"""Rows of this app's models for the isolation test's world (see shuhi/testing/world.py)."""


def build_supplier_world(cast) -> None:
    """Create rows of every suppliers-app model for the home organisation and for suppliers A and B."""
