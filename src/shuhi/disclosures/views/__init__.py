"""The disclosure register's pages, one module per sub-concept."""
