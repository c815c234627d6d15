"""Document engine: find, write and trace confidentiality labels in Office, ODF, PDF and text files.

This package imports no Django so that the `shuhi` command and the web apps can share it.
"""
