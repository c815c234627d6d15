"""Run pdfium as if the machine had only the fonts in one folder, and print what it reads.

    python -m shuhi.documents.tests.font_sandbox FONT_DIR [--raw] FILE...

pdfium does not use fontconfig: it walks fixed folders (/usr/share/fonts and a few others) when
the library starts, unless it is started with folders of the caller's choosing. So this process
restarts the library with FONT_DIR alone (an empty folder is a machine without fonts) before
reading anything; that has to happen in a fresh process, since fonts already mapped stay mapped.

It prints one JSON object per file: the scanner's labels, or with --raw the page text pdfium
gives when the engine does not choose the fonts itself (to show the sandbox changes something).
"""

from __future__ import annotations

import ctypes
import json
import sys

_KEEP: list[object] = []  # pdfium may read the folder list after init returns


def restart_pdfium_with_fonts(folder: str) -> None:
    import pypdfium2.raw as raw

    raw.FPDF_DestroyLibrary()
    path = ctypes.create_string_buffer(folder.encode())
    char_p = ctypes.POINTER(ctypes.c_char)
    paths = (char_p * 2)(ctypes.cast(path, char_p), None)
    config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    _KEEP.extend([path, paths, config])
    raw.FPDF_InitLibraryWithConfig(ctypes.byref(config))


def raw_text(path: str) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def main(argv: list[str]) -> int:
    folder, *rest = argv
    raw = rest[:1] == ["--raw"]
    restart_pdfium_with_fonts(folder)
    from shuhi.documents.scan import scan_file

    for path in rest[1:] if raw else rest:
        if raw:
            print(json.dumps({"path": path, "text": raw_text(path)}, ensure_ascii=False))
        else:
            result = scan_file(path)
            print(json.dumps({"path": path, "labels": result["labels"], "error": result["error"]},
                             ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
