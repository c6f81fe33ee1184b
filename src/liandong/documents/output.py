"""The two files of an official document: .docx (python-docx) and .pdf (LibreOffice).

The 版记 (抄送, 印发) floats at the foot of the last page, below the 署名 and 成文日期. When that
page has no room left for it, LibreOffice either moves the 署名 and 成文日期 to a new page with the
版记 (a page holding nothing but them, which GB/T 9704 never wants), or moves the 版记 alone to a
new page that gets a page number. Either way the PDF is made again with the 版记 on a page of its
own, without a number (7.4 puts the 版记 on the last page; 7.5 numbers no 版记 page). The PDF is
read with poppler's pdftotext; without poppler the first rendering stands.

Without LibreOffice there is no PDF: ``make(..., pdf_required=False)`` then writes the .docx alone
(a developer's machine; ``documents.checks`` says what to install), and with ``pdf_required``
(production) it refuses (``pdf.ConverterMissing``).
"""

from pathlib import Path

from liandong.documents import pdf, render


def make(
    content: render.OfficialDocument, folder: Path, *, pdf_required: bool = True
) -> tuple[Path, Path | None]:
    """Write ``content`` as document.docx and document.pdf in ``folder``; return both paths (the
    PDF's None when LibreOffice is missing and the PDF is not required)."""
    docx = render.render_docx(content, Path(folder) / "document.docx")
    if not pdf_required and not pdf.available():
        return docx, None
    made = pdf.convert(docx, folder)
    if render.has_colophon(content) and _last_page_lacks_body(made, content):
        docx = render.render_docx(content, docx, colophon_on_own_page=True)
        made = pdf.convert(docx, folder)
    return docx, made


def _last_page_lacks_body(path: Path, content: render.OfficialDocument) -> bool:
    """Whether the last page begins with the 署名 or the 版记: no body text above them."""
    pages = pdf.page_texts(path)
    if not pages or len(pages) < 2:
        return False
    last = "".join(pages[-1].split())
    starts = (content.signature or content.issuer, "抄送：", content.printed_by)
    return any(start and last.startswith("".join(start.split())) for start in starts)
