"""The ledger as a spreadsheet: the Excel layout (excel_format), reading workbooks and CSV safely
(reader), importing all or nothing (importer reads and checks, lookups resolves names, writer
writes, results holds what an import reports), exporting (exporter) and the template's texts."""
