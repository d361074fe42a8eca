"""Render a focal point's workbook to PNG, as the docs show it (docs/workbook-kh-2006-H2.png).

    python docs/screenshots/workbook.py                    # the bundled plan, KH, 2006-H2
    python docs/screenshots/workbook.py --plan P --country TH --period 2007-H1 -o out.png

It exports the workbook with `commit sheet export`, fills in a few cells as a focal point
would (a milestone done, with its dates and attendance), and has headless LibreOffice Calc
convert the Milestones sheet, the one the workbook opens on, to PNG (`soffice --headless
--convert-to png`, with a throwaway profile so it never meets a LibreOffice already running).
Exit 3 when LibreOffice, or its PNG export (Debian's libreoffice-draw-nogui), is missing.
Look at the image before committing it: it is a picture for people, not a build output.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "docs" / "workbook-kh-2006-H2.png"
SCALE = 85  # percent, on an A3 landscape page (LibreOffice renders a page at 96 dpi)
ROWS = 16  # of the Milestones sheet: the header and the first milestones
MARGIN = 12  # pixels of white kept around the table when the page is cropped to it


NO_FILTER = "apt-get install libreoffice-draw-nogui (its graphic filters write the PNG)"


def soffice() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def export(plan: Path, country: str, period: str, target: Path) -> None:
    """`commit sheet export` of what `country` reports on in `period`."""
    subprocess.run(
        [
            *(sys.executable, "-m", "commit_cli", "sheet", "export", "--plan", str(plan)),
            *("--country", country, "--period", period, "-o", str(target)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fill_first_milestone(book_path: Path) -> None:
    """The workbook's first milestone reported done, as a focal point fills it in."""
    from openpyxl import load_workbook

    from commit_cli.sheets.read import read_workbook

    cells = read_workbook(book_path.name, book_path.read_bytes()).cells
    first = next((c.ident for c in cells if c.kind == "milestone"), None)
    if first is None:
        return
    values: dict[str, Any] = {
        "status": "done",
        "start": date(2006, 9, 12),
        "end": date(2006, 9, 14),
        "attended": 27,
        "women": 12,
        "men": 15,
        "outcome": "Agreed a list of contact points.",
    }
    book = load_workbook(book_path)
    for cell in cells:
        if cell.ident == first and cell.field in values:
            book[cell.sheet][cell.ref].value = values[cell.field]
    book.save(book_path)


def for_the_picture(book_path: Path, picture: Path, rows: int) -> None:
    """A copy of the workbook for the picture: the Milestones sheet first (LibreOffice
    renders the first page of the first sheet), its first `rows` rows on one landscape page."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(book_path)
    sheet = book["Milestones"]
    book.move_sheet(sheet, offset=-book.index(sheet))
    book.active = 0
    sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{rows}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.scale = SCALE
    sheet.page_margins.left = sheet.page_margins.right = 0.2
    sheet.page_margins.top = sheet.page_margins.bottom = 0.2
    sheet.page_margins.header = sheet.page_margins.footer = 0
    sheet.print_options.gridLines = True
    book.save(picture)


def render(book_path: Path, out: Path, office: str, work: Path) -> Path:
    """The workbook's Milestones sheet as `out` (PNG), by headless LibreOffice Calc."""
    folder = work / "png"
    folder.mkdir()
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "png",
            "--outdir",
            str(folder),
            str(book_path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    made = folder / f"{book_path.stem}.png"
    if not made.exists() and b"no export filter" in done.stderr:
        print(f"{office} cannot write PNG here: {NO_FILTER}", file=sys.stderr)
        raise SystemExit(3)
    if not made.exists():
        raise SystemExit(f"LibreOffice made no PNG: {done.stderr.decode(errors='replace')}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(cropped(made.read_bytes()))
    return out


def _rows(png: bytes) -> tuple[int, int, list[bytearray]]:
    """The width, height and unfiltered RGBA rows of an 8-bit RGBA, non-interlaced PNG (what
    LibreOffice writes)."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", png[16:29])
    if (depth, colour, interlace) != (8, 6, 0):
        raise SystemExit("LibreOffice's PNG is not 8-bit RGBA; crop it by hand")
    data, at = b"", 8
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += size + 12
    raw, stride, rows = zlib.decompress(data), width * 4, []
    previous = bytearray(stride)
    zero = bytes(stride)
    for y in range(height):
        start = y * (stride + 1) + 1
        kind, line = raw[start - 1], bytearray(raw[start : start + stride])
        if kind in (2, 4) and line == zero:  # Up, or Paeth, of nothing: the row above again
            rows.append(previous)  # (most of a page: its empty rows), fast
            continue
        for x in range(stride):
            left = line[x - 4] if x >= 4 else 0
            up, corner = previous[x], previous[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + near[2]) & 0xFF
        rows.append(line)
        previous = line
    return width, height, rows


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def cropped(png: bytes) -> bytes:
    """The page cropped to what is drawn on it (every pixel not white or transparent), with
    a margin: the table, without the rest of the empty page."""
    width, height, rows = _rows(png)

    def inked(line: bytearray, x: int) -> bool:
        return line[x * 4 + 3] != 0 and line[x * 4 : x * 4 + 3] != b"\xff\xff\xff"

    used = [y for y, line in enumerate(rows) if any(inked(line, x) for x in range(width))]
    if not used:
        return png
    columns = [x for x in range(width) if any(inked(rows[y], x) for y in used)]
    top, bottom = max(used[0] - MARGIN, 0), min(used[-1] + MARGIN, height - 1)
    left, right = max(columns[0] - MARGIN, 0), min(columns[-1] + MARGIN, width - 1)
    body = b"".join(
        b"\0" + bytes(rows[y][left * 4 : (right + 1) * 4]) for y in range(top, bottom + 1)
    )
    header = struct.pack(">IIBBBBB", right - left + 1, bottom - top + 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(body, 9))
        + _chunk(b"IEND", b"")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", type=Path, default=REPO / "plan")
    parser.add_argument("--country", default="KH")
    parser.add_argument("--period", default="2006-H2")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rows", type=int, default=ROWS, help="rows of the sheet to show")
    args = parser.parse_args(argv)
    office = soffice()
    if office is None:
        print("no LibreOffice: apt-get install libreoffice-calc-nogui", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory(prefix="commit-shot-") as scratch:
        work = Path(scratch)
        book = work / f"{args.country.lower()}-{args.period}.xlsx"
        export(args.plan.resolve(), args.country, args.period, book)
        fill_first_milestone(book)
        picture = work / "picture" / book.name
        picture.parent.mkdir()
        for_the_picture(book, picture, args.rows)
        render(picture, args.output.resolve(), office, work)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
