"""Writers for the Werkstatt documents: one small document model, four outputs.

Every generated document (Zwischenbilanz, Kurzbericht, method kits) is first built as a `Doc` –
a title and a list of blocks (headings, paragraphs, bullet lists, tables, fields to fill in) –
and then written as PDF (HTML rendered by WeasyPrint, like places/exports.py), DOCX
(python-docx) or ODT (odfpy). So the three formats always carry the same content, and a town
can edit the DOCX/ODT in its own office suite. The cross-municipality evaluation table is
written as CSV and XLSX (openpyxl) at the end of this module.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from leuchtfeuer.core.documents import html_to_pdf
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.core.text import clean_text

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
LIGHT_WORDS = {"gruen": "grün", "gelb": "gelb", "rot": "rot", "grau": "grau"}
LIGHT_RGB = {"gruen": "1A7F37", "gelb": "B38600", "rot": "C62828", "grau": "6B6B6B"}


# ------------------------------------------------------------------------------ document model
@dataclass
class Cell:
    """A table cell; `light` ("gruen", "gelb", "rot", "grau") adds a coloured dot and the colour word."""

    text: str
    light: str = ""
    numeric: bool = False

    @property
    def plain(self) -> str:
        if self.light:
            return f"{LIGHT_WORDS[self.light]}: {self.text}" if self.text else LIGHT_WORDS[self.light]
        return self.text


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    text: str
    small: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]  # str or Cell
    caption: str = ""
    widths: list[int] = field(default_factory=list)  # per cent of the page width (PDF), optional


@dataclass
class FillIn:
    """A labelled empty area to write in (kits): printed as a ruled box, a blank paragraph in DOCX/ODT."""

    label: str
    lines: int = 3


Block = Heading | Para | Bullets | Table | FillIn


@dataclass
class Doc:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    footer: str = "Erstellt mit Leuchtfeuer"

    def add(self, *blocks: Block) -> Doc:
        self.blocks.extend(blocks)
        return self

    def text(self) -> str:
        """All text of the document (for search and tests)."""
        parts = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                parts.append(block.text)
            elif isinstance(block, Bullets):
                parts.extend(block.items)
            elif isinstance(block, Table):
                parts.append(block.caption)
                parts.extend(block.header)
                parts.extend(_cell(c).plain for row in block.rows for c in row)
            elif isinstance(block, FillIn):
                parts.append(block.label)
        return "\n".join(p for p in parts if p)


def _cell(value: Any) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell("" if value is None else str(value))


def _clean_value(value: Any) -> Any:
    if isinstance(value, Cell):
        return replace(value, text=clean_text(value.text))
    return clean_text(value) if isinstance(value, str) else value


def _clean_block(block: Block) -> Block:
    if isinstance(block, Heading | Para):
        return replace(block, text=clean_text(block.text))
    if isinstance(block, Bullets):
        return replace(block, items=[clean_text(item) for item in block.items])
    if isinstance(block, Table):
        return replace(
            block,
            header=[clean_text(text) for text in block.header],
            rows=[[_clean_value(value) for value in row] for row in block.rows],
            caption=clean_text(block.caption),
        )
    if isinstance(block, FillIn):
        return replace(block, label=clean_text(block.label))
    return block


def clean_doc(doc: Doc) -> Doc:
    """A copy of `doc` with only text that XML can hold (core.text). Forms clean their input, but
    older data, imports, the API and the admin reach the documents without a form; python-docx
    would refuse a vertical tab with a 500 and odfpy would write a file no office suite opens."""
    return replace(
        doc,
        title=clean_text(doc.title),
        subtitle=clean_text(doc.subtitle),
        footer=clean_text(doc.footer),
        blocks=[_clean_block(block) for block in doc.blocks],
    )


# ------------------------------------------------------------------------------------ writers
def doc_html(doc: Doc) -> str:
    doc = clean_doc(doc)
    blocks = []
    for block in doc.blocks:
        kind = type(block).__name__.lower()
        item = {"kind": kind, "block": block}
        if isinstance(block, Table):
            item["rows"] = [[_cell(c) for c in row] for row in block.rows]
        blocks.append(item)
    # The footer goes into a CSS string (@page margin box), where HTML escaping does not apply.
    footer_css = mark_safe("".join(ch for ch in doc.footer if ch not in '<>"\\\n'))  # noqa: S308
    widths = sorted({w for b in doc.blocks if isinstance(b, Table) for w in b.widths})
    width_css = mark_safe(" ".join(f".w{int(w)} {{ width: {int(w)}%; }}" for w in widths))  # noqa: S308
    return render_to_string(
        "werkstatt/report_document_print.html",
        {"doc": doc, "blocks": blocks, "footer_css": footer_css, "width_css": width_css},
    )


def doc_pdf(doc: Doc) -> bytes:
    return html_pdf(doc_html(doc))


def html_pdf(html: str) -> bytes:
    return html_to_pdf(html)


def doc_docx(doc: Doc) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = clean_doc(doc)
    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.author = "Leuchtfeuer"
    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle)
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(max(block.level - 1, 1), 4))
        elif isinstance(block, Para):
            for chunk in block.text.split("\n\n"):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(chunk)
                if block.small:
                    run.font.size = Pt(8)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            if block.caption:
                document.add_paragraph().add_run(block.caption).bold = True
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    value = _cell(value)
                    cell.text = ""
                    paragraph = cell.paragraphs[0]
                    if value.light:
                        dot = paragraph.add_run("● ")
                        dot.font.color.rgb = RGBColor.from_string(LIGHT_RGB[value.light])
                    paragraph.add_run(value.plain)
        elif isinstance(block, FillIn):
            document.add_paragraph().add_run(block.label).bold = True
            for _ in range(block.lines):
                document.add_paragraph("_" * 70)
    if doc.footer:
        section = document.sections[0]
        section.footer.paragraphs[0].text = doc.footer
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def doc_odt(doc: Doc) -> bytes:
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, Span

    doc = clean_doc(doc)
    odt = OpenDocumentText()
    odt.meta.addElement(_odf_title(doc.title))

    def paragraph_style(name: str, size: str, bold: bool = False, space: str = "0.2cm") -> Style:
        style = Style(name=name, family="paragraph")
        props = {"fontsize": size, "fontfamily": "DejaVu Sans"}
        if bold:
            props["fontweight"] = "bold"
        style.addElement(TextProperties(**props))
        style.addElement(ParagraphProperties(margintop=space, marginbottom="0.1cm"))
        odt.styles.addElement(style)
        return style

    title_style = paragraph_style("Titel", "18pt", bold=True)
    heading_styles = {
        level: paragraph_style(f"Überschrift {level}", size, bold=True, space="0.4cm")
        for level, size in ((1, "16pt"), (2, "13pt"), (3, "11pt"), (4, "10pt"))
    }
    body = paragraph_style("Text", "10pt")
    small = paragraph_style("Klein", "8pt")
    bold_text = Style(name="Fett", family="text")
    bold_text.addElement(TextProperties(fontweight="bold"))
    odt.automaticstyles.addElement(bold_text)
    light_styles = {}
    for key, rgb in LIGHT_RGB.items():
        style = Style(name=f"Ampel-{key}", family="text")
        style.addElement(TextProperties(color=f"#{rgb}"))
        odt.automaticstyles.addElement(style)
        light_styles[key] = style
    column_style = Style(name="Spalte", family="table-column")
    column_style.addElement(TableColumnProperties(columnwidth="3cm"))
    odt.automaticstyles.addElement(column_style)

    def para(text: str, style=body) -> Any:
        element = P(stylename=style)
        teletype.addTextToElement(element, text)
        return element

    odt.text.addElement(para(doc.title, title_style))
    if doc.subtitle:
        odt.text.addElement(para(doc.subtitle))
    for number, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            level = min(max(block.level - 1, 1), 4)
            element = H(outlinelevel=level, stylename=heading_styles[level])
            teletype.addTextToElement(element, block.text)
            odt.text.addElement(element)
        elif isinstance(block, Para):
            for chunk in block.text.split("\n\n"):
                odt.text.addElement(para(chunk, small if block.small else body))
        elif isinstance(block, Bullets):
            items = List()
            for item in block.items:
                entry = ListItem()
                entry.addElement(para("• " + item))
                items.addElement(entry)
            odt.text.addElement(items)
        elif isinstance(block, Table):
            if block.caption:
                caption = P(stylename=body)
                caption.addElement(Span(stylename=bold_text, text=block.caption))
                odt.text.addElement(caption)
            table = OdfTable(name=f"Tabelle{number + 1}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.header), stylename=column_style))
            header = TableRow()
            for text in block.header:
                cell = TableCell(valuetype="string")
                p = P(stylename=body)
                p.addElement(Span(stylename=bold_text, text=text))
                cell.addElement(p)
                header.addElement(cell)
            table.addElement(header)
            for row in block.rows:
                tr = TableRow()
                for value in row:
                    value = _cell(value)
                    cell = TableCell(valuetype="string")
                    p = P(stylename=body)
                    if value.light:
                        p.addElement(Span(stylename=light_styles[value.light], text="● "))
                    teletype.addTextToElement(p, value.plain)
                    cell.addElement(p)
                    tr.addElement(cell)
                table.addElement(tr)
            odt.text.addElement(table)
        elif isinstance(block, FillIn):
            label = P(stylename=body)
            label.addElement(Span(stylename=bold_text, text=block.label))
            odt.text.addElement(label)
            for _ in range(block.lines):
                odt.text.addElement(para("_" * 70))
    if doc.footer:
        odt.text.addElement(para(doc.footer, small))
    buffer = io.BytesIO()
    odt.write(buffer)
    return buffer.getvalue()


def _odf_title(text: str):
    from odf.dc import Title

    return Title(text=text)


WRITERS = {"pdf": doc_pdf, "docx": doc_docx, "odt": doc_odt}


def render(doc: Doc, fmt: str) -> bytes:
    return WRITERS[fmt](doc)


# ------------------------------------------------------------ the document as a worker's source
BLOCK_TYPES: dict[str, type] = {cls.__name__: cls for cls in (Heading, Para, Bullets, Table, FillIn)}


def doc_data(doc: Doc) -> dict[str, Any]:
    """The (cleaned) document as JSON-ready data: what a worker builds the file from
    (core.generated); table cells all become Cells, which every writer reads the same."""
    doc = clean_doc(doc)
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Table):
            block = replace(block, rows=[[_cell(c) for c in row] for row in block.rows])
        blocks.append({"type": type(block).__name__, **asdict(block)})
    return {"title": doc.title, "subtitle": doc.subtitle, "footer": doc.footer, "blocks": blocks}


def doc_from_data(data: dict[str, Any]) -> Doc:
    blocks: list[Block] = []
    for raw in data["blocks"]:
        fields = {k: v for k, v in raw.items() if k != "type"}
        if raw["type"] == "Table":
            fields["rows"] = [[Cell(**c) for c in row] for row in fields["rows"]]
        blocks.append(BLOCK_TYPES[raw["type"]](**fields))
    return Doc(title=data["title"], subtitle=data["subtitle"], footer=data["footer"], blocks=blocks)


def build_document(payload: dict[str, Any]) -> bytes:
    """core.generated builder "werkstatt-doc": {"doc": doc_data(…), "fmt": "pdf" | "docx" | "odt"}."""
    return render(doc_from_data(payload["doc"]), payload["fmt"])


# --------------------------------------------------------------------- cross-municipality table
def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if hasattr(value, "quantize"):  # Decimal
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def table_csv(columns: list[tuple[str, str]], rows: list[dict], notes: list[str]) -> str:
    """Semicolon CSV with German decimal commas and ISO dates (opens in Excel and LibreOffice)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(key)) for key, _ in columns])
    if notes:
        writer.writerow([])
        for line in notes:
            writer.writerow([line])
    return "\ufeff" + buffer.getvalue()


def table_xlsx(columns: list[tuple[str, str]], rows: list[dict], notes: list[str], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kommunen"
    xlsx_append(sheet, [label for _, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        values = []
        for key, _ in columns:
            value = row.get(key)
            if hasattr(value, "quantize"):
                value = float(value)
            values.append(value)
        xlsx_append(sheet, values)
    for index, (_, label) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, len(label) + 2)
    info = workbook.create_sheet("Erläuterungen")
    xlsx_append(info, [title])
    info["A1"].font = Font(bold=True, size=13)
    for line in notes:
        xlsx_append(info, [line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
