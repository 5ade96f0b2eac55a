#!/usr/bin/env python3
"""Generate the placeholder media for the *Community Stories MENA* example campaign.

Why generated placeholders instead of stock photos: photos of the featured leaders are theirs
to share, stock licences rarely allow redistribution inside a repository, and photos bring
faces and text that would clash with what our own text engine draws on top. These images are
abstract (no people, no text), small and reproducible: fixed seeds, so every run writes
byte-identical files. A real campaign replaces them with its own media.

Run from the repo root:  python examples/community-stories/make_media.py [--out DIR]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

Array = np.ndarray  # images are float32, channel-first (3, n, n), values in 0..1
Rng = np.random.Generator
SQ2 = math.sqrt(2.0)


def rgb(hex_: str) -> Array:
    return np.array([int(hex_[i : i + 2], 16) for i in (1, 3, 5)], np.float32)[:, None, None] / 255


def grid(n: int) -> tuple[Array, Array]:
    """Normalised (y, x) pixel-centre coordinates in [0, 1] as a broadcastable column/row."""
    v = (np.arange(n, dtype=np.float32) + 0.5) / n
    return v[:, None], v[None, :]


def smoothstep(a: float, b: float, x: Array) -> Array:
    t = np.clip((x - a) / (b - a), 0, 1)
    return t * t * (3 - 2 * t)


def ramp(t: Array, stops: list[str], n: int) -> Array:
    """Colour t in [0, 1] through evenly spaced stops (eased joins: no Mach bands), n x n."""
    s = np.linspace(0, len(stops) - 1, 4096, dtype=np.float32)
    i = np.minimum(s.astype(np.int32), len(stops) - 2)
    cols = np.concatenate([rgb(c)[:, :, 0] for c in stops], axis=1)
    lut = cols[:, i] + (cols[:, i + 1] - cols[:, i]) * smoothstep(0, 1, s - i)
    idx = np.broadcast_to((np.clip(t, 0, 1) * 4095 + 0.5).astype(np.intp), (n, n))
    out = np.empty((3, n, n), np.float32)
    for c in range(3):
        np.take(lut[c], idx, out=out[c])
    return out


def noise(rng: Rng, n: int, cells: int, octaves: int = 3) -> Array:
    """Smooth value noise in [0, 1]: bicubic-upscaled random grids summed over octaves."""
    out = np.zeros((n, n), np.float32)
    for o in range(octaves):
        c = cells * 2**o
        small = Image.fromarray(rng.random((c + 3, c + 3), dtype=np.float32))
        out += 0.5**o * np.asarray(small.resize((n, n), Image.BICUBIC, box=(1, 1, c + 1, c + 1)))
    return (out - out.min()) / (out.max() - out.min())


def calm(n: int, lo: float) -> Array:
    """Pattern strength: `lo` in the middle of the frame (where text goes), 1 at the edges."""
    y, x = grid(n)
    return lo + (1 - lo) * smoothstep(0.12, 0.5, np.sqrt((x - 0.5) ** 2 + (y - 0.5) ** 2))


def line(d: Array, width: float, soft: float = 1.0) -> Array:
    """Anti-aliased stroke mask from a distance (pixels) to the stroke's centre line."""
    return np.clip(0.5 + (width / 2 - np.abs(d)) / soft, 0, 1)


def tile_to(tile: Array, n: int) -> Array:
    return np.tile(tile, (-(-n // tile.shape[0]), -(-n // tile.shape[1])))[:n, :n]


def wave(x: Array, rng: Rng, amp: float, freqs: tuple[int, ...] = (1, 2, 3)) -> Array:
    """Smooth 1-D curve: a few sines with random phases, amplitude falling with frequency."""
    return sum(amp / f * np.sin(2 * math.pi * f * x + rng.uniform(0, 2 * math.pi)) for f in freqs)


def blend(img: Array, mask: Array, color: str, alpha: float = 1.0, screen: bool = False) -> None:
    """Mix `color` into img (or screen it on) through mask * alpha, in place; a full-height
    mask only touches the rows where it is non-zero (much faster for thin shapes)."""
    if np.ndim(mask) == 2 and mask.shape[0] == img.shape[1] > 256:
        rows = np.flatnonzero(mask.max(axis=1) > 0)
        if rows.size == 0:
            return
        img, mask = img[:, rows[0] : rows[-1] + 1], mask[rows[0] : rows[-1] + 1]
    d = (1 - img) * rgb(color) if screen else rgb(color) - img
    d *= mask * np.float32(alpha)
    img += d


def disc(
    img: Array,
    cx: float,
    cy: float,
    r: float,
    color: str,
    alpha: float,
    soft: float = 1.5,
    width: float = 0.0,
    screen: bool = False,
    arc: tuple[float, float] | None = None,
    dash: float = 0.0,
) -> None:
    """Blend an anti-aliased disc, or a ring when width > 0 (optionally only the arc around
    angle arc[0] +- arc[1], optionally dashed); positions and sizes are fractions of the frame."""
    n = img.shape[1]
    cx, cy, r, width = cx * n, cy * n, r * n, width * n
    pad = r + width + 2 * soft + 2
    x0, x1 = max(int(cx - pad), 0), min(int(cx + pad) + 1, n)
    y0, y1 = max(int(cy - pad), 0), min(int(cy + pad) + 1, n)
    ys = np.arange(y0, y1, dtype=np.float32)[:, None] + 0.5 - cy
    xs = np.arange(x0, x1, dtype=np.float32)[None, :] + 0.5 - cx
    d = np.sqrt(xs * xs + ys * ys) - r
    m = smoothstep(0, 1, 0.5 - (np.abs(d) - width / 2 if width else d) / soft)
    th = np.arctan2(ys, xs) if arc or dash else None
    if arc:
        m *= smoothstep(arc[1], arc[1] * 0.6, np.abs((th - arc[0] + math.pi) % (2 * math.pi) - math.pi))
    if dash:  # a whole number of anti-aliased dashes round the circle
        period = 2 * math.pi * r / round(2 * math.pi * r / dash)
        m *= np.clip(0.275 * period - np.abs((th + math.pi) * r % period - period / 2) + 0.5, 0, 1)
    if m.size:
        blend(img[:, y0:y1, x0:x1], m, color, alpha, screen)


def bokeh(
    img: Array, rng: Rng, count: int, colors: list[str], radii: tuple[float, float], alpha: float
) -> None:
    """Soft out-of-focus light discs, faded out near the centre of the frame."""
    for _ in range(count):
        x, y, r = rng.random(), rng.random(), rng.uniform(*radii)
        a = alpha * smoothstep(0.15, 0.4, math.hypot(x - 0.5, y - 0.5)) * rng.uniform(0.4, 1)
        color = colors[int(rng.integers(len(colors)))]
        disc(img, x, y, r, color, a, soft=r * img.shape[1] * 0.6, screen=True)


def streak(img: Array, cy: float, cx: float, length: float, th: float, color: str, alpha: float) -> None:
    """A horizontal motion streak: thin, fading in and out along its length."""
    n = img.shape[1]
    ys = np.arange(max(int(cy * n - 3 * th), 0), min(int(cy * n + 3 * th) + 1, n), dtype=np.float32)
    xs = np.arange(max(int(cx * n), 0), min(int((cx + length) * n), n), dtype=np.float32)
    if ys.size and xs.size:
        prof = np.exp(-(((ys[:, None] - cy * n) / th) ** 2))
        along = np.sin(math.pi * np.clip((xs[None, :] / n - cx) / length, 0, 1)) ** 2
        box = img[:, int(ys[0]) : int(ys[-1]) + 1, int(xs[0]) : int(xs[-1]) + 1]
        blend(box, prof * along, color, alpha, screen=True)


def finish(img: Array, rng: Rng, grain: float = 0.0025, vignette: float = 0.45) -> Image.Image:
    """Vignette, fine monochrome grain (it also dithers gradients against banding), to 8 bit."""
    n = img.shape[1]
    y, x = grid(n)
    vig = 1 - vignette * ((x - 0.5) ** 2 + (y - 0.5) ** 2)
    dither = rng.standard_normal((n, n), dtype=np.float32) * grain
    out = np.empty((n, n, 3), np.uint8)
    for c in range(3):
        out[:, :, c] = np.clip((img[c] * vig + dither) * 255 + 0.5, 0, 255)
    return Image.fromarray(out)


def ring_lattice(n: int, s: int, width: float) -> tuple[Array, Array]:
    """Interlocking circles through their neighbours' centres, one tile computed and repeated:
    (line mask, petal parity)."""
    h = s * math.sqrt(3) / 2
    th = round(2 * h)
    y = (np.arange(th, dtype=np.float32)[:, None] + 0.5) * (2 * h / th)  # stretched to repeat exactly
    x = np.arange(s, dtype=np.float32)[None, :] + 0.5
    lines, count = np.zeros((th, s), np.float32), np.zeros((th, s), np.float32)
    for j in range(-2, 4):
        for i in range(-2, 3):
            d = np.sqrt((x - i * s - (s / 2) * (j % 2)) ** 2 + (y - j * h) ** 2) - s
            lines, count = np.maximum(lines, line(d, width)), count + np.clip(0.5 - d, 0, 1)
    return tile_to(lines, n), tile_to(0.5 - 0.5 * np.cos(math.pi * count), n)


def star_lattice(n: int, c: int, width: float) -> tuple[Array, Array, Array]:
    """Star-and-cross lattice of eight-point stars (two overlaid squares) touching at their
    tips: (double-line mask, fill of even stars, fill of odd stars)."""
    v = np.arange(2 * c, dtype=np.float32) + 0.5
    u, w = np.abs(v % c - c / 2)[None, :], np.abs(v % c - c / 2)[:, None]
    star = np.minimum(np.maximum(u, w), (u + w) / SQ2) - c / (2 * SQ2)
    lines = np.maximum(line(star, width), line(star + 0.06 * c, width * 0.6))
    fill, odd = np.clip(0.5 - star, 0, 1), ((v // c)[None, :] + (v // c)[:, None]) % 2
    return tile_to(lines, n), tile_to(fill * (1 - odd), n), tile_to(fill * odd, n)


def weave(n: int, rng: Rng, period: float, strands: int) -> tuple[Array, Array, Array]:
    """Hand-made basket weave of `strands`-wide blocks, gently warped:
    (shading 0..1, per-strand tone 0..1, horizontal-strand mask)."""
    y, x = grid(n)
    u = x * n / period + 0.25 * noise(rng, n, 2)
    v = y * n / period + 0.25 * noise(rng, n, 2)
    horiz = (np.floor(u) + np.floor(v)) % 2 == 0
    across = np.where(horiz, v, u) * strands  # continuous coordinate across the strands
    fa, along = across % 1, np.where(horiz, u, v) % 1
    body = np.sin(math.pi * fa) ** 0.5 * smoothstep(0, 0.08, fa) * smoothstep(0, 0.08, 1 - fa)
    dive = 0.55 + 0.45 * np.sin(math.pi * along) ** 0.6  # darker where a strand dives under
    fibres = np.interp(across * 7 % 4096, np.arange(4096), rng.random(4096)).astype(np.float32)
    tone = rng.random(1024).astype(np.float32)[(np.floor(across).astype(np.int64) * 2 + horiz) % 1024]
    return body * dive * (0.8 + 0.2 * fibres), tone, horiz


Circle = tuple[float, float, float]


def linked(img: Array, a: Circle, b: Circle, color: str, shadow: str) -> None:
    """Two interlocking rings: b lies over a, except at one crossing where a is redrawn on top."""
    for cx, cy, r in (a, b):
        disc(img, cx, cy, r, color, 0.06, soft=3)
    for cx, cy, r, arc in ((*a, None), (*b, None), (*a, 0.3)):
        if arc:
            d = math.hypot(b[0] - a[0], b[1] - a[1])
            half = math.acos((r * r + d * d - b[2] ** 2) / (2 * r * d))
            arc = (math.atan2(b[1] - a[1], b[0] - a[0]) + half, 0.3)
        disc(img, cx, cy, r, shadow, 0.35, soft=12, width=0.024, arc=arc and (arc[0], 0.15))
        disc(img, cx, cy, r, color, 1.0, width=0.016, arc=arc)


def hala_1(n: int, rng: Rng) -> Array:
    """Cedar green with warm sand light; two pairs of interlocking rings (exchange)."""
    y, x = grid(n)
    t = 0.5 * x + 0.5 * y + 0.3 * noise(rng, n, 3) - 0.15
    img = ramp(t, ["#0B2A20", "#14463A", "#1F5C45", "#2F6E50"], n)
    disc(img, 0.95, 0.05, 0.6, "#F2C27E", 0.6, soft=0.6 * n, screen=True)
    disc(img, 0.0, 1.0, 0.5, "#D9B27C", 0.35, soft=0.5 * n, screen=True)
    linked(img, (0.2, 0.76, 0.2), (0.43, 0.92, 0.15), "#F3E3C3", "#04120C")
    linked(img, (0.68, 0.2, 0.2), (0.9, 0.4, 0.16), "#F3E3C3", "#04120C")
    for cx, cy, r in [(0.1, 0.12, 0.13), (0.88, 0.86, 0.1), (0.68, 0.2, 0.24)]:
        disc(img, cx, cy, r, "#E3C48A", 0.7, width=0.003, dash=28)
    bokeh(img, rng, 30, ["#F6EBD5", "#E3C48A", "#A8C79A"], (0.008, 0.03), 0.35)
    return img


def hala_2(n: int, rng: Rng) -> Array:
    """Deep cedar with a sand lattice of interlocking circles and a warm corner glow."""
    y, x = grid(n)
    r = np.sqrt((x - 0.45) ** 2 + (y - 0.4) ** 2)
    img = ramp(r * 1.3 + 0.15 * noise(rng, n, 4), ["#2C6B50", "#1B4B39", "#0E2C21", "#0A2019"], n)
    disc(img, 0.05, 0.95, 0.45, "#D9B27C", 0.4, soft=0.45 * n, screen=True)
    lines, petals = ring_lattice(n, n // 6, 3.0)
    k = calm(n, 0.2)
    blend(img, petals * k, "#D9B27C", 0.1)
    blend(img, lines * k, "#E8D3A9", 0.45)
    return img


def marouan_1(n: int, rng: Rng) -> Array:
    """Atlas-blue sky, low sun, a dotted travel route and layered terracotta dunes."""
    y, x = grid(n)
    img = ramp(y / 0.6, ["#16407A", "#2F6FA8", "#8FB2CB", "#F1C58F", "#F29E5C"], n)
    disc(img, 0.7, 0.5, 0.3, "#FFD9A0", 0.5, soft=0.35 * n, screen=True)
    disc(img, 0.7, 0.5, 0.05, "#FFF1D6", 0.9, soft=4)
    for t in np.linspace(0, 1, 51):
        disc(img, 0.06 + 0.88 * t, 0.32 - 0.22 * math.sin(math.pi * t), 0.0032, "#FDEBD0", 0.6, soft=2)
    cols = ["#F0A868", "#DE8A4F", "#C8643B", "#A4482E", "#6E2E22", "#4A1F18"]
    for k in range(5):  # dune layers, back to front, hazier with distance
        ridge = 0.56 + 0.09 * k + wave(x, rng, 0.03 + 0.01 * k)
        top = max(int(ridge.min() * n) - 16, 0)
        sub, depth = img[:, top:], (y[top:] - ridge) * n
        haze = 0.35 * (1 - k / 4)
        a, b = (rgb(c) * (1 - haze) + rgb("#F4C59A") * haze for c in cols[k : k + 2])
        sub += (a + (b - a) * smoothstep(0, 0.3 * n, depth) - sub) * np.clip(depth / 1.5 + 0.5, 0, 1)
        blend(sub, np.clip(1 - ((depth - 4) / 8) ** 2, 0, 1) ** 2, "#FFE0B5", 0.35, screen=True)
    return img


def marouan_2(n: int, rng: Rng) -> Array:
    """Zellige-like star-and-cross lattice: terracotta and sand stars on Atlas blue."""
    y, x = grid(n)
    img = ramp(
        np.sqrt((x - 0.5) ** 2 + (y - 0.4) ** 2) * 1.3 + 0.2 * noise(rng, n, 3),
        ["#2F6FA8", "#24599A", "#1A4377", "#0E2A52"],
        n,
    )
    lines, even, odd = star_lattice(n, n // 7, 3.5)
    k = calm(n, 0.12)
    blend(img, even * k, "#C8643B", 0.8)
    blend(img, odd * k, "#F3D8B0", 0.15)
    blend(img, lines * k, "#F6E2C2", 0.6)
    return img


def rania_1(n: int, rng: Rng) -> Array:
    """Appliqué: rose, gold and plum fabric patches sewn on with a running stitch."""
    y, x = grid(n)
    t = 0.35 * x + 0.75 * y + 0.3 * noise(rng, n, 3) - 0.15
    img = ramp(t, ["#2E0F27", "#5B2145", "#8E3A64", "#B4587A"], n)
    blend(img, noise(rng, n, 2, 2) ** 3, "#F4C6CC", 0.3, screen=True)  # soft fabric folds
    for cx, cy, r, fill, thread in [
        (0.1, 0.14, 0.25, "#C9697E", "#F3D9A0"),
        (0.93, 0.08, 0.2, "#E2B25A", "#5B2145"),
        (0.86, 0.9, 0.27, "#E8A0A8", "#7E3158"),
        (0.1, 0.93, 0.17, "#E2B25A", "#F4C6CC"),
        (1.02, 0.52, 0.15, "#9C4166", "#F3D9A0"),
        (0.38, 0.0, 0.09, "#E8A0A8", "#5B2145"),
    ]:
        disc(img, cx + 0.006, cy + 0.012, r, "#1A0714", 0.5, soft=40)
        disc(img, cx, cy, r, fill, 1.0)
        disc(img, cx - r * 0.3, cy - r * 0.3, r, "#FFFFFF", 0.12, soft=r * n, screen=True)
        disc(img, cx, cy, r - 0.022, thread, 0.9, width=0.0022, dash=36)
    bokeh(img, rng, 30, ["#F3D9A0", "#E2B25A", "#F4C6CC"], (0.008, 0.03), 0.35)
    return img


def rania_2(n: int, rng: Rng) -> Array:
    """Cross-stitch (tatreez-like) diamond bands and scattered motifs on plum fabric."""
    y, x = grid(n)
    t = 0.3 * x + 0.8 * y + 0.25 * noise(rng, n, 3) - 0.12
    img = ramp(t, ["#3A1430", "#5B2145", "#7E3158", "#A4486E"], n)
    g = n // 72
    cells = n // g + 1
    ci, cj = np.meshgrid(np.arange(cells), np.arange(cells))
    pat = np.zeros((cells, cells), np.int8)  # 0 bare, 1 gold, 2 pale rose, 3 rose
    small = np.abs(ci % 10 - 5) + np.abs(cj % 10 - 5) <= 1
    pat[small & (np.hypot(ci - cells / 2, cj - cells / 2) > 25)] = 3
    for b0 in (11, 50):
        jr, a = cj - b0, np.abs(ci % 14 - 7)
        band, ab = (jr >= -1) & (jr <= 11), a + np.abs(jr - 5)
        pat[band] = 0
        pat[band & (ab == 5)] = 1
        pat[band & ((ab == 2) | (ab == 0))] = 2
        pat[band & ((jr == -1) | (jr == 11)) & (ci % 2 == 0)] = 3
    p = np.arange(n)
    cell = pat[(p // g)[:, None], (p // g)[None, :]]
    f = ((p % g + 0.5) / g).astype(np.float32)
    u, v = f[None, :], f[:, None]
    k = calm(n, 0.4) * smoothstep(0.45, 0.38, np.maximum(np.abs(u - 0.5), np.abs(v - 0.5)))
    arms = (u - v) * g / SQ2, (u + v - 1) * g / SQ2
    blend(img, np.maximum(line(arms[0], 9, 3), line(arms[1], 9, 3)) * k * (cell > 0), "#1A0714", 0.4)
    cross = np.maximum(line(arms[0], 5), line(arms[1], 5)) * k
    for code, col in [(1, "#E2B25A"), (2, "#F4C6CC"), (3, "#E8A0A8")]:
        blend(img, cross * (cell == code), col, 0.95)
    return img


def ibrahim_1(n: int, rng: Rng) -> Array:
    """Dawn over the Nile: indigo to amber sky, the sun on the horizon, motion streaks."""
    y, x = grid(n)
    hz = 0.64
    img = ramp(y / hz, ["#1B1F4B", "#4A3A78", "#B0607F", "#F09A63", "#FBD9A0"], n)
    disc(img, 0.3, hz, 0.4, "#FFC98A", 0.6, soft=0.45 * n, screen=True)
    disc(img, 0.3, hz, 0.045, "#FFF0D0", 0.9, soft=3)
    t = (y - hz) / (1 - hz) + 0.05 * noise(rng, n, 4)
    water = ramp(t, ["#D9967A", "#3C7F86", "#1E5F6B", "#0F3644"], n)
    img = np.where(y < hz, img, water)
    for _ in range(60):  # motion streaks in the sky and over the water, none across the middle
        cy = rng.choice([rng.uniform(0.03, 0.36), rng.uniform(0.7, 0.98)])
        streak(
            img,
            cy,
            rng.uniform(-0.2, 0.9),
            rng.uniform(0.15, 0.5),
            rng.uniform(1.5, 4),
            "#FFE6C4" if cy < hz else "#BDE6E4",
            rng.uniform(0.2, 0.5),
        )
    for _ in range(40):  # the sun's glitter on the water
        cy = hz + rng.uniform(0.005, 0.3) ** 1.5
        w = 0.04 + 0.3 * (cy - hz)
        streak(img, cy, 0.3 - w * rng.uniform(0.2, 1), w * rng.uniform(0.5, 1.5), 2, "#FFE0B0", 0.5)
    bank = (hz + wave(x, rng, 0.004, (5, 11, 23))) * n - 10  # the far bank
    blend(img, np.clip(y * n - bank, 0, 1) * np.clip(hz * n + 1 - y * n, 0, 1), "#2A2338", 0.75)
    return img


def ibrahim_2(n: int, rng: Rng) -> Array:
    """A Nile-teal running track sweeping through a dawn gradient, runners' light trails,
    and a dotted halftone 'city map'."""
    y, x = grid(n)
    t = 0.5 * y + 0.5 * x + 0.15 * noise(rng, n, 3)
    img = ramp(t, ["#141A3C", "#2B2F63", "#6E4A7E", "#D9826A", "#F4B063"], n)
    r, ang = np.sqrt((x + 0.15) ** 2 + (y - 1.2) ** 2), np.arctan2(y - 1.2, x + 0.15)
    track = smoothstep(0.5, 0.515, r) * smoothstep(1.07, 1.055, r)
    img += (rgb("#0F3F4F") + (rgb("#2A7F86") - rgb("#0F3F4F")) * smoothstep(0.5, 1.07, r) - img) * track * 0.9
    lane = (r - 0.53) / 0.0625
    lines = line((lane - np.round(lane)) * 0.0625 * n, 4) * (np.abs(lane - 4) < 4.1)
    blend(img, lines * calm(n, 0.35), "#F5F0E6", 0.65)
    li = np.clip(np.floor(lane), 0, 7).astype(np.intp)
    head = rng.uniform(-1.35, -0.6, 8).astype(np.float32)[li]
    trail = smoothstep(head - 0.55, head, ang) * smoothstep(head + 0.012, head, ang) * (np.abs(lane - 4) < 4)
    blend(img, line((lane - li - 0.5) * 0.0625 * n, 9, 5) * trail, "#FFD27A", 0.85, screen=True)
    cell = n // 60
    field = np.repeat(np.repeat(noise(rng, n // cell + 1, 3), cell, 0), cell, 1)[:n, :n]
    field *= smoothstep(0.45, 0.95, x - y + 0.45)
    c = np.arange(cell, dtype=np.float32) + 0.5 - cell / 2
    dots = np.clip(field * cell * 0.42 - tile_to(np.hypot(c[:, None], c[None, :]), n) + 0.5, 0, 1)
    blend(img, dots * (field > 0.3), "#FBD9A0", 0.4, screen=True)
    return img


def spotlight(n: int, rng: Rng) -> Array:
    """Palm-frond basket weave: straw tones, a few dyed strands, warm light from the top left."""
    shade, tone, horiz = weave(n, rng, n / 8, 3)
    y, x = grid(n)
    img = ramp(tone * 0.7 + 0.15 + 0.15 * noise(rng, n, 4), ["#8A5A2B", "#B9803F", "#D9A85E", "#EBC98A"], n)
    blend(img, horiz & (tone > 0.85), "#9E3B2C", 0.85)
    img *= (1 - calm(n, 0.6) * 0.75 * (1 - shade)) * (1.12 - 0.35 * (x + y) / 2)
    return img


def logo(n: int = 512, ss: int = 4) -> Image.Image:
    """Five interlocking rings in a circle, white plus one amber ring, with a dark outline and
    a soft shadow so it reads on light and dark backgrounds; drawn at ss x size, downsampled."""
    m = n * ss
    v = (np.arange(m, dtype=np.float32) + 0.5) / m - 0.5
    y, x = v[:, None], v[None, :]
    k, r0, rr, hw, gap, aa = 5, 0.2125, 0.17, 0.018, 0.0095, 1.0 / m
    ang = [2 * math.pi * i / k - math.pi / 2 for i in range(k)]
    d = [np.abs(np.sqrt((x - r0 * math.cos(a)) ** 2 + (y - r0 * math.sin(a)) ** 2) - rr) for a in ang]
    halo = [np.clip((hw + gap - di) / aa + 0.5, 0, 1) for di in d]

    def outside(a: float) -> Array:  # beyond the line joining two neighbouring ring centres
        return x * math.cos(a) + y * math.sin(a) > r0 * math.cos(math.pi / k)

    vis = [
        np.clip((hw - d[i]) / aa + 0.5, 0, 1)  # ring i is over ring i+1 outside, under it inside
        * (1 - halo[(i + 1) % k] * ~outside(ang[i] + math.pi / k))
        * (1 - halo[(i - 1) % k] * outside(ang[i] - math.pi / k))
        for i in range(k)
    ]
    accent, white, union = vis[0], np.max(np.stack(vis[1:]), axis=0), np.max(np.stack(halo), axis=0)
    blur = ImageFilter.GaussianBlur(ss * 5)
    shadow = np.asarray(Image.fromarray((union * 255).astype(np.uint8)).filter(blur))
    under = np.maximum(union * 0.6, shadow.astype(np.float32) / 255 * 0.3) * (1 - white - accent)
    a = white + accent + under
    col = white + rgb("#F2A541")[:, :, 0, None] * accent + rgb("#14142A")[:, :, 0, None] * under
    col /= np.maximum(a, 1e-6)
    rgba = np.concatenate([col, a[None]]).transpose(1, 2, 0)
    return Image.fromarray(np.clip(rgba * 255 + 0.5, 0, 255).astype(np.uint8)).resize((n, n), Image.LANCZOS)


IMAGES: dict[str, tuple[Callable[[int, Rng], Array], int]] = {
    **{
        f.__name__.replace("_", "-"): (f, 2400)
        for f in (hala_1, hala_2, marouan_1, marouan_2, rania_1, rania_2, ibrahim_1, ibrahim_2)
    },
    "spotlight-dar-el-khoos": (spotlight, 1600),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the example campaign's placeholder media.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "media",
        help="output folder (default: media/ next to this script)",
    )
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for seed, (name, (draw, n)) in enumerate(IMAGES.items()):
        rng = np.random.default_rng(2024 + seed)  # fixed seeds: byte-identical output
        finish(draw(n, rng), rng).save(out / f"{name}.jpg", quality=85, progressive=True, optimize=True)
    logo().save(out / "logo.png", optimize=True)
    print(f"wrote {len(IMAGES) + 1} files to {out} in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
