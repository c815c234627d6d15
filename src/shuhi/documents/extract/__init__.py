"""Per-format extractors: each turns a file into `Segment`s (where, text) and MIP label records."""
