"""Find the red stamps (hanko) on a scanned page, and cut them out as black-on-white crops.

Japanese offices mark paper with red seals: 社外秘 in a frame, ㊙ or 極秘 in a circle. They are
the one place on a scan where the label sits almost for certain, and the one colour that body
text never has, so a page is OCRed there first: a few small crops read in a fraction of the time
the whole page takes. Red is judged per pixel (red well above green and blue, which scanner
noise and JPEG blur do not produce on grey paper), pooled into a coarse grid whose connected
cells are the stamps. Only red ink survives the cut: black text running under a seal is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

CELL = 8  # pixels per grid cell side: about 1.3 mm at 150 dpi
CELL_MIN_RED = 4  # red pixels that make a cell red
JOIN = 2  # cells of white allowed inside one stamp (between characters, inside a frame)
MIN_SIDE_MM = 4.0  # a stamp smaller than this is a red tick or a dot
MAX_SIDE_MM = 100.0  # ... and one larger than this is a picture, not a seal
MAX_SHARE = 0.5  # (on a small page: the same, as a share of the page)
MAX_INK = 0.5  # seals are strokes on paper; a box more than half red is a solid shape
MAX_RED_CELLS = 0.15  # pages redder than this are photos or coloured forms: no stamp search
MAX_STAMPS = 3
MIN_CELLS = 6  # fewer red cells than this are a tick, a dot or a tail light in a photo
TARGET_HEIGHT = 160  # crops are scaled so that Tesseract sees characters of a good size
FRAME_SPAN = 0.8  # a stroke running around this share of the crop's width and height is its frame
FRAME_BAND = 0.15  # ... and it is looked for only near the edges
INK, PAPER, FRAME_MARK, KEEP_MARK = 0, 255, 128, 64
MAX_TILT = 12  # degrees: seals are pressed by hand, rarely straight; Tesseract reads lines within a few


@dataclass(frozen=True)
class Stamp:
    """One red area: where it is on the page (pixels) and its ink as black on white."""

    box: tuple[int, int, int, int]
    image: Image.Image
    cells: int


def red_mask(image: Image.Image) -> np.ndarray:
    """True where a pixel is red ink (vermilion to crimson); thresholds leave room for faded ink and
    JPEG colour bleed, and shut out orange and yellow (green well above blue), which photos are full of."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (red > 110) & (red - green > 70) & (red - blue > 60) & (green - blue < 45)


def _grid(mask: np.ndarray) -> np.ndarray:
    rows, cols = mask.shape[0] // CELL, mask.shape[1] // CELL
    cut = mask[: rows * CELL, : cols * CELL]
    return cut.reshape(rows, CELL, cols, CELL).sum(axis=(1, 3)) >= CELL_MIN_RED


def _components(grid: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Groups of red cells (cells up to JOIN apart belong together) as (top, left, bottom, right, count)."""
    cells = {(int(r), int(c)) for r, c in zip(*np.nonzero(grid), strict=True)}
    found = []
    while cells:
        start = cells.pop()
        stack, members = [start], [start]
        while stack:
            row, col = stack.pop()
            for d_row in range(-JOIN, JOIN + 1):
                for d_col in range(-JOIN, JOIN + 1):
                    near = (row + d_row, col + d_col)
                    if near in cells:
                        cells.remove(near)
                        stack.append(near)
                        members.append(near)
        rows = [r for r, _c in members]
        cols = [c for _r, c in members]
        found.append((min(rows), min(cols), max(rows) + 1, max(cols) + 1, len(members)))
    return found


def _strip_outer_frame(work: Image.Image) -> tuple[Image.Image, bool]:
    ink = np.array(work) == INK
    if not ink.any():
        return work, False
    rows, cols = np.nonzero(ink)
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    height, width = bottom - top + 1, right - left + 1
    band = max(2, int(min(height, width) * FRAME_BAND))
    near_edge = (rows < top + band) | (rows > bottom - band) | (cols < left + band) | (cols > right - band)
    removed = False
    for row, col in zip(rows[near_edge], cols[near_edge], strict=True):
        if work.getpixel((int(col), int(row))) != INK:
            continue  # already part of a stroke seen before
        ImageDraw.floodfill(work, (int(col), int(row)), FRAME_MARK)
        pixels = np.array(work)
        s_rows, s_cols = np.nonzero(pixels == FRAME_MARK)
        frame = s_rows.size > 0 and np.ptp(s_rows) > FRAME_SPAN * height and np.ptp(s_cols) > FRAME_SPAN * width
        removed = removed or frame
        pixels[pixels == FRAME_MARK] = PAPER if frame else KEEP_MARK
        work = _image(pixels)
    pixels = np.array(work)
    pixels[pixels == KEEP_MARK] = INK
    return _image(pixels), removed


def _image(pixels: np.ndarray) -> Image.Image:
    # A copy with memory of its own: ImageDraw.floodfill on an image made over the array's memory
    # changed nothing that a later np.array() of it saw.
    return Image.fromarray(pixels).copy()


def strip_frame(image: Image.Image) -> Image.Image:
    """Take away the frame of a seal (a box or a ring round the characters): Tesseract reads its
    strokes as characters (口, 「, |) or gives up on the line. Each stroke touching the outer band
    is flood-filled; one that runs round most of the crop is the frame and turns to paper. Twice:
    a ㊙ pressed inside a ring has a ring of its own."""
    work = image.point(lambda value: INK if value < 128 else PAPER)
    for _pass in range(2):
        work, removed = _strip_outer_frame(work)
        if not removed:
            break
    return work


def _sharpness(image: Image.Image) -> float:
    ink = np.asarray(image) < 128
    rows, cols = ink.sum(axis=1, dtype=np.float64), ink.sum(axis=0, dtype=np.float64)
    return float((rows * rows).sum() + (cols * cols).sum())


def straighten(image: Image.Image) -> Image.Image:
    """Turn the characters upright: the angle at which rows and columns of ink are sharpest
    (text lines and the gaps between characters line up with the axes)."""
    best, best_angle = _sharpness(image), 0
    for angle in range(-MAX_TILT, MAX_TILT + 1):
        if angle:
            score = _sharpness(image.rotate(angle, resample=Image.BILINEAR, fillcolor=PAPER))
            if score > best:
                best, best_angle = score, angle
    if abs(best_angle) < 2:
        return image
    return image.rotate(best_angle, resample=Image.BILINEAR, fillcolor=PAPER, expand=True)


def _crop(mask: np.ndarray, box: tuple[int, int, int, int]) -> Image.Image:
    left, top, right, bottom = box
    ink = mask[top:bottom, left:right]
    crop = Image.fromarray(np.where(ink, INK, PAPER).astype(np.uint8))
    scale = TARGET_HEIGHT / max(1, crop.height)
    if scale > 1.2 or scale < 0.5:
        size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
        crop = crop.resize(size, Image.LANCZOS)
    crop = straighten(strip_frame(crop))
    framed = Image.new("L", (crop.width + 40, crop.height + 40), PAPER)  # Tesseract wants a quiet border
    framed.paste(crop, (20, 20))
    return framed


def find_stamps(image: Image.Image, dpi: float, picture: bool = False) -> list[Stamp]:
    """The largest few red areas of the page that could be seals, largest first. A `picture` is the
    seal itself (a stamp annotation's image), so it may be red all over."""
    mask = red_mask(image)
    grid = _grid(mask)
    max_share = 1.0 if picture else MAX_SHARE
    if grid.size == 0 or (grid.mean() > MAX_RED_CELLS and not picture):
        return []
    min_side, max_side = MIN_SIDE_MM * dpi / 25.4, MAX_SIDE_MM * dpi / 25.4
    height, width = mask.shape
    stamps = []
    for top, left, bottom, right, count in _components(grid):
        if count < MIN_CELLS:
            continue
        box_w, box_h = (right - left) * CELL, (bottom - top) * CELL
        if not min_side <= max(box_w, box_h) <= max_side or box_w > width * max_share \
                or box_h > height * max_share:
            continue
        margin = CELL
        box = (max(0, left * CELL - margin), max(0, top * CELL - margin),
               min(width, right * CELL + margin), min(height, bottom * CELL + margin))
        if mask[box[1]:box[3], box[0]:box[2]].mean() > MAX_INK:
            continue
        stamps.append(Stamp(box, _crop(mask, box), count))
    stamps.sort(key=lambda stamp: stamp.cells, reverse=True)
    return stamps[:MAX_STAMPS]
