#!/usr/bin/env python3
"""Draws the Signalbox icon (a signal box: a rounded square with a semaphore
arm and three lamps) and writes every size Tauri's bundler wants into icons/.

Run once after changing the design: `python3 scripts/make-icons.py` (needs Pillow).
The generated files are committed, so builds do not need Pillow.
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "icons"
BASE = 1024


def draw(size: int = BASE) -> Image.Image:
    s = size / BASE
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([64 * s, 64 * s, 960 * s, 960 * s], radius=200 * s, fill=(24, 36, 64, 255))
    # The post and the semaphore arm.
    d.rounded_rectangle([300 * s, 250 * s, 370 * s, 800 * s], radius=30 * s, fill=(226, 232, 240, 255))
    d.polygon([(370 * s, 270 * s), (760 * s, 330 * s), (760 * s, 420 * s), (370 * s, 380 * s)], fill=(245, 158, 11, 255))
    # Three lamps: red, amber, green.
    for i, colour in enumerate([(239, 68, 68), (245, 158, 11), (34, 197, 94)]):
        cy = (540 + i * 120) * s
        d.ellipse([530 * s, cy - 45 * s, 620 * s, cy + 45 * s], fill=colour + (255,))
    return img


def main() -> None:
    OUT.mkdir(exist_ok=True)
    big = draw()
    for name, px in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        big.resize((px, px), Image.LANCZOS).save(OUT / name)
    big.save(OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    big.save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
