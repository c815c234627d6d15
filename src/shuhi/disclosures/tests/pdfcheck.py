"""Reading back the PDFs this app renders: the embedded font and the text a reader sees."""

from __future__ import annotations

import io


def embedded_fonts(data: bytes) -> list[str]:
    """Names of the TrueType fonts embedded in the PDF (a /FontFile2 in their descriptor)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(obj.FontName) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
                and "/FontFile2" in obj]


def text_of(data: bytes) -> str:
    """All the text of the PDF, as pdfium extracts it, pages joined."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def squashed(text: str) -> str:
    """The text without any whitespace: hashes and Japanese wrap anywhere in a table cell."""
    return "".join(text.split())
