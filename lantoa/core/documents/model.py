"""What an official document holds, independent of how it is printed (DOCX or PDF).

The fields follow the parts of an administrative document that Decree 30/2020/NĐ-CP (Phụ lục I)
names: the issuing agency and its parent, the number and symbol, place and date, the kind and the
summary line (trích yếu), the addressees, the body, the recipients and the signature. The caller
writes the text; the renderers only lay it out, so nothing here knows what a plan or a report is.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: justified, its first line indented unless `indent` is False."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True


@dataclass(frozen=True)
class Heading:
    """A heading of the body with its number written by the caller: level 1 "I. KẾT QUẢ ĐẠT ĐƯỢC"
    (printed in capitals, bold), level 2 "1. Công tác tuyên truyền" (bold), level 3 "a) …" (bold
    italic), deeper levels italic."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Table:
    """A bordered table; its header row is repeated on every page it spans.

    `widths_mm` gives each column's width (they are scaled to the text width if they add up to more);
    without it, columns are sized by their content. Cells of `numeric_columns` (0-based) are aligned
    right: format the numbers before (`vietnamese_number`).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] | None = None
    numeric_columns: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("A table needs at least one column.")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Row {number} of the table has {len(row)} cells; "
                    f"the table has {len(self.columns)} columns."
                )
        if self.widths_mm is not None and len(self.widths_mm) != len(self.columns):
            raise ValueError("Give one width per column.")


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class OfficialDocument:
    """An administrative document in the State's format.

    `kind` "" makes a công văn: no kind line, the title is printed as "V/v …" under the number and
    `addressees` open the body after "Kính gửi:". `number` "" leaves the number blank for the
    records office to write by hand ("Số:      /"); a number that starts with "/" ("/KH-UBND") keeps
    its symbol and leaves only the number blank. Line breaks ("\\n") in `agency_parent`, `agency`
    and `signer_authority` are kept ("ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI"). `draft` prints a boxed
    "DỰ THẢO" mark above the header.
    """

    agency_parent: str
    agency: str
    number: str
    place: str
    issued_on: datetime.date
    title: str
    kind: str = ""
    addressees: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    draft: bool = False

    @property
    def is_letter(self) -> bool:
        """A công văn: a letter with no kind line."""
        return not self.kind
