"""Draws the app icons: four regions (dots) joined in a ring around a check mark, for working
together towards a decision. Run `python -m manifest.draw_icons` to redraw color.png and outline.png."""

from __future__ import annotations

import math
from pathlib import Path

from manifest.png import Pixel, write_png

HERE = Path(__file__).resolve().parent
BLUE = (0, 94, 162)  # a calm healthcare blue
WHITE = (255, 255, 255)


def _coverage(size: int, shapes, x: int, y: int, samples: int = 4) -> float:
    hits = 0
    for sy in range(samples):
        for sx in range(samples):
            px, py = (x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size
            hits += any(shape(px, py) for shape in shapes)
    return hits / (samples * samples)


def _circle(cx: float, cy: float, r: float):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _ring(cx: float, cy: float, r: float, width: float):
    return lambda x, y: abs(math.hypot(x - cx, y - cy) - r) <= width / 2


def _segment(x1: float, y1: float, x2: float, y2: float, width: float):
    def inside(x: float, y: float) -> bool:
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= width / 2

    return inside


def _symbol(stroke: float):
    dots = [
        _circle(0.5 + 0.3 * math.cos(a), 0.5 + 0.3 * math.sin(a), 0.085)
        for a in (math.pi * k / 2 - math.pi / 4 for k in range(4))
    ]
    return [
        *dots,
        _ring(0.5, 0.5, 0.3, stroke),
        _segment(0.38, 0.52, 0.47, 0.61, stroke * 1.6),
        _segment(0.47, 0.61, 0.64, 0.41, stroke * 1.6),
    ]


def color_icon(size: int = 192) -> list[list[Pixel]]:
    shapes = _symbol(0.045)
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            c = _coverage(size, shapes, x, y)
            row.append(tuple(round(b + (w - b) * c) for b, w in zip(BLUE, WHITE, strict=True)) + (255,))
        rows.append(row)
    return rows


def outline_icon(size: int = 32) -> list[list[Pixel]]:
    shapes = _symbol(0.07)
    return [
        [
            (*WHITE, round(255 * _coverage(size, shapes, x, y))) if _coverage(size, shapes, x, y) else (0, 0, 0, 0)
            for x in range(size)
        ]
        for y in range(size)
    ]


def main() -> None:
    (HERE / "color.png").write_bytes(write_png(color_icon()))
    (HERE / "outline.png").write_bytes(write_png(outline_icon()))


if __name__ == "__main__":
    main()
