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
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageFilter

Array = np.ndarray  # images are float32, channel-first (3, n, n), values in 0..1
Rng = np.random.Generator
SQ2 = math.sqrt(2.0)


# --- numeric helpers --------------------------------------------------------------------
def rgb(hex_: str) -> Array:
    return np.array([int(hex_[i:i + 2], 16) for i in (1, 3, 5)], np.float32)[:, None, None] / 255


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
    f = smoothstep(0, 1, s - i)
    cols = np.concatenate([rgb(c)[:, :, 0] for c in stops], axis=1)  # (3, stops)
    lut = cols[:, i] * (1 - f) + cols[:, i + 1] * f
    idx = np.broadcast_to((np.clip(t, 0, 1) * 4095 + 0.5).astype(np.intp), (n, n))
    return np.stack([lut[c][idx] for c in range(3)])


def noise(rng: Rng, n: int, cells: int, octaves: int = 3) -> Array:
    """Smooth value noise in [0, 1]: bicubic-upscaled random grids summed over octaves."""
    out = np.zeros((n, n), np.float32)
    for o in range(octaves):
        c = cells * 2 ** o
        small = Image.fromarray(rng.random((c + 3, c + 3), dtype=np.float32))
        out += 0.5 ** o * np.asarray(small.resize((n, n), Image.BICUBIC, box=(1, 1, c + 1, c + 1)))
    return (out - out.min()) / (out.max() - out.min())


def calm(n: int, lo: float = 0.3) -> Array:
    """Pattern strength: `lo` in the middle of the frame (where text goes), 1 at the edges."""
    y, x = grid(n)
    return lo + (1 - lo) * smoothstep(0.12, 0.5, np.sqrt((x - 0.5) ** 2 + (y - 0.5) ** 2))


def line(d: Array, width: float, soft: float = 1.0) -> Array:
    """Anti-aliased stroke mask from a distance (pixels) to the stroke's centre line."""
    return np.clip(0.5 + (width / 2 - np.abs(d)) / soft, 0, 1)


def dashes(s: Array, period: float, on: float = 0.55) -> Array:
    """Anti-aliased dash mask from an arc length s (pixels)."""
    return np.clip(on * period / 2 - np.abs(s % period - period / 2) + 0.5, 0, 1)


def tile_to(tile: Array, n: int) -> Array:
    return np.tile(tile, (-(-n // tile.shape[0]), -(-n // tile.shape[1])))[:n, :n]


def wave(x: Array, rng: Rng, amp: float, freqs: tuple[int, ...] = (1, 2, 3)) -> Array:
    """Smooth 1-D curve: a few sines with random phases, amplitude falling with frequency."""
    return sum(amp / f * np.sin(2 * math.pi * f * x + rng.uniform(0, 2 * math.pi)) for f in freqs)


# --- blending ---------------------------------------------------------------------------
def mix(img: Array, mask: Array, color: str, alpha: float = 1.0) -> None:
    img += (rgb(color) - img) * (mask * alpha)


def screen(img: Array, mask: Array, color: str, alpha: float = 1.0) -> None:
    img += (1 - img) * (mask * alpha) * rgb(color)


def disc(img: Array, cx: float, cy: float, r: float, color: str, alpha: float, soft: float = 1.5,
         width: float = 0.0, op: Callable = mix, arc: tuple[float, float] | None = None,
         dash: float = 0.0) -> None:
    """Blend an anti-aliased disc, or a ring when width > 0 (optionally only an arc around
    angle arc[0] +- arc[1], optionally dashed); coordinates are fractions of the frame."""
    n = img.shape[1]
    cx, cy, r, width = cx * n, cy * n, r * n, width * n
    pad = r + width + 2 * soft + 2
    x0, x1 = max(int(cx - pad), 0), min(int(cx + pad) + 1, n)
    y0, y1 = max(int(cy - pad), 0), min(int(cy + pad) + 1, n)
    if x0 >= x1 or y0 >= y1:
        return
    ys = np.arange(y0, y1, dtype=np.float32)[:, None] + 0.5 - cy
    xs = np.arange(x0, x1, dtype=np.float32)[None, :] + 0.5 - cx
    d = np.sqrt(xs * xs + ys * ys) - r
    m = smoothstep(0, 1, 0.5 - (np.abs(d) - width / 2 if width else d) / soft)
    if arc or dash:
        th = np.arctan2(ys, xs)
    if arc:
        off = np.abs((th - arc[0] + math.pi) % (2 * math.pi) - math.pi)
        m *= smoothstep(arc[1], arc[1] * 0.6, off)
    if dash:
        m *= dashes((th + math.pi) * r, 2 * math.pi * r / round(2 * math.pi * r / dash))
    op(img[:, y0:y1, x0:x1], m, color, alpha)


def bokeh(img: Array, rng: Rng, count: int, colors: list[str], radii: tuple[float, float],
          alpha: float) -> None:
    """Soft out-of-focus light discs, faded out near the centre of the frame."""
    for _ in range(count):
        x, y, r = rng.random(), rng.random(), rng.uniform(*radii)
        away = smoothstep(0.15, 0.4, math.hypot(x - 0.5, y - 0.5))
        disc(img, x, y, r, colors[int(rng.integers(len(colors)))], alpha * away * rng.uniform(0.4, 1),
             soft=r * img.shape[1] * 0.6, op=screen)


def streak(img: Array, cy: float, cx: float, length: float, th: float, color: str, alpha: float) -> None:
    """A horizontal motion streak: thin, fading in and out along its length."""
    n = img.shape[1]
    y0, y1 = max(int(cy * n - 3 * th), 0), min(int(cy * n + 3 * th) + 1, n)
    x0, x1 = max(int(cx * n), 0), min(int((cx + length) * n), n)
    if y0 >= y1 or x0 >= x1:
        return
    prof = np.exp(-((np.arange(y0, y1, dtype=np.float32)[:, None] - cy * n) / th) ** 2)
    along = np.sin(math.pi * np.clip((np.arange(x0, x1, dtype=np.float32)[None, :] / n - cx) / length, 0, 1)) ** 2
    screen(img[:, y0:y1, x0:x1], prof * along, color, alpha)


def finish(img: Array, rng: Rng, grain: float = 0.0035, vignette: float = 0.45) -> Image.Image:
    """Vignette, fine monochrome grain (also dithers gradients against banding), to 8 bit."""
    n = img.shape[1]
    y, x = grid(n)
    img *= 1 - vignette * ((x - 0.5) ** 2 + (y - 0.5) ** 2)
    img += rng.standard_normal((n, n), dtype=np.float32) * grain
    return Image.fromarray(np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8).transpose(1, 2, 0).copy())


# --- patterns (one periodic tile, computed once and tiled) --------------------------------
def ring_lattice(n: int, s: int, width: float) -> tuple[Array, Array]:
    """Interlocking circles through their neighbours' centres: (line mask, petal parity)."""
    h = s * math.sqrt(3) / 2
    th = round(2 * h)
    y = (np.arange(th, dtype=np.float32)[:, None] + 0.5) * (2 * h / th)
    x = np.arange(s, dtype=np.float32)[None, :] + 0.5
    lines, count = np.zeros((th, s), np.float32), np.zeros((th, s), np.float32)
    for j in range(-2, 4):
        for i in range(-2, 3):
            d = np.sqrt((x - i * s - (s / 2) * (j % 2)) ** 2 + (y - j * h) ** 2) - s
            lines = np.maximum(lines, line(d, width))
            count += np.clip(0.5 - d, 0, 1)
    return tile_to(lines, n), tile_to(0.5 - 0.5 * np.cos(math.pi * count), n)


def star_lattice(n: int, c: int, width: float) -> tuple[Array, Array, Array]:
    """Star-and-cross lattice of eight-point stars (two overlaid squares) touching at their
    tips: (double-line mask, fill of even stars, fill of odd stars)."""
    v = np.arange(2 * c, dtype=np.float32) + 0.5
    u, w = np.abs(v % c - c / 2)[None, :], np.abs(v % c - c / 2)[:, None]
    star = np.minimum(np.maximum(u, w), (u + w) / SQ2) - c / (2 * SQ2)
    lines = np.maximum(line(star, width), line(star + 0.06 * c, width * 0.6))
    fill = np.clip(0.5 - star, 0, 1)
    odd = ((v // c)[None, :] + (v // c)[:, None]) % 2
    return tile_to(lines, n), tile_to(fill * (1 - odd), n), tile_to(fill * odd, n)


def weave(n: int, rng: Rng, period: float, strands: int) -> tuple[Array, Array]:
    """Basket weave of `strands`-wide blocks: (shading 0..1, per-strand tone 0..1)."""
    y, x = grid(n)
    u, v = x * n / period + 0.37, y * n / period + 0.61
    horiz = (np.floor(u) + np.floor(v)) % 2 == 0
    across = np.where(horiz, v, u) * strands  # continuous coordinate across the strands
    along = np.where(horiz, u, v) % 1
    fa = across % 1
    body = np.sin(math.pi * fa) ** 0.5 * smoothstep(0, 0.08, fa) * smoothstep(0, 0.08, 1 - fa)
    dive = 0.55 + 0.45 * np.sin(math.pi * along) ** 0.6
    fibres = np.interp(across * 7 % 4096, np.arange(4096), rng.random(4096)).astype(np.float32)
    ids = (np.floor(across).astype(np.int64) * 2 + horiz) % 1024
    tone = rng.random(1024).astype(np.float32)[ids]
    return body * dive * (0.8 + 0.2 * fibres), tone


# --- the images ---------------------------------------------------------------------------
def linked(img: Array, a: tuple[float, float, float], b: tuple[float, float, float],
           color: str, shadow: str, w: float = 0.016) -> None:
    """Two interlocking rings: b lies over a, except at one crossing where a is redrawn on top."""
    for cx, cy, r in (a, b):
        disc(img, cx, cy, r, color, 0.06, soft=3)
    for cx, cy, r in (a, b):
        disc(img, cx, cy, r, shadow, 0.35, soft=12, width=w * 1.5)
        disc(img, cx, cy, r, color, 1.0, width=w)
    (ax, ay, ar), (bx, by, br) = a, b
    d = math.hypot(bx - ax, by - ay)
    ang = math.atan2(by - ay, bx - ax) + math.acos((ar * ar + d * d - br * br) / (2 * ar * d))
    disc(img, ax, ay, ar, shadow, 0.35, soft=12, width=w * 1.5, arc=(ang, 0.3))
    disc(img, ax, ay, ar, color, 1.0, width=w, arc=(ang, 0.3))


def hala_1(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    img = ramp(0.5 * x + 0.5 * y + 0.3 * noise(rng, n, 3) - 0.15, ["#0B2A20", "#14463A", "#1F5C45", "#2F6E50"], n)
    disc(img, 0.95, 0.05, 0.6, "#E9CF9E", 0.5, soft=0.6 * n, op=screen)
    disc(img, 0.0, 1.0, 0.5, "#D9B27C", 0.35, soft=0.5 * n, op=screen)
    linked(img, (0.2, 0.76, 0.2), (0.43, 0.92, 0.15), "#F3E3C3", "#04120C")
    linked(img, (0.68, 0.2, 0.2), (0.9, 0.4, 0.16), "#F3E3C3", "#04120C")
    for cx, cy, r in [(0.1, 0.12, 0.13), (0.88, 0.86, 0.1), (0.68, 0.2, 0.24)]:
        disc(img, cx, cy, r, "#E3C48A", 0.7, width=0.003, dash=28)
    bokeh(img, rng, 30, ["#F6EBD5", "#E3C48A", "#A8C79A"], (0.008, 0.03), 0.35)
    return img


def hala_2(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    r = np.sqrt((x - 0.5) ** 2 + (y - 0.45) ** 2)
    img = ramp(r * 1.2 + 0.2 * noise(rng, n, 3), ["#F1E2C2", "#E2C797", "#C9A16B", "#8E7447"], n)
    lines, petals = ring_lattice(n, n // 6, 3.5)
    k = calm(n, 0.2)
    mix(img, petals * k, "#3E7A57", 0.14)
    mix(img, lines * k, "#1F5C45", 0.45)
    disc(img, 0.0, 1.0, 0.55, "#1F5C45", 0.35, soft=0.55 * n)
    disc(img, 1.0, 0.0, 0.4, "#1F5C45", 0.25, soft=0.4 * n)
    return img


def marouan_1(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    img = ramp(y / 0.6, ["#16407A", "#2F6FA8", "#8FB2CB", "#F1C58F", "#F29E5C"], n)
    disc(img, 0.7, 0.5, 0.3, "#FFD9A0", 0.5, soft=0.35 * n, op=screen)
    disc(img, 0.7, 0.5, 0.05, "#FFF1D6", 0.9, soft=4)
    for t in np.linspace(0, 1, 51):  # a dotted travel route arcing over the sky
        disc(img, 0.06 + 0.88 * t, 0.32 - 0.22 * math.sin(math.pi * t), 0.0032, "#FDEBD0", 0.6, soft=2)
    cols = ["#F0A868", "#DE8A4F", "#C8643B", "#A4482E", "#6E2E22", "#4A1F18"]
    for k in range(5):
        depth = (y - 0.56 - 0.09 * k - wave(x, rng, 0.03 + 0.01 * k)) * n
        shade = rgb(cols[k]) + (rgb(cols[k + 1]) - rgb(cols[k])) * smoothstep(0, 0.3 * n, depth)
        haze = 0.35 * (1 - k / 4)
        img += (shade * (1 - haze) + rgb("#F4C59A") * haze - img) * np.clip(depth / 1.5 + 0.5, 0, 1)
        screen(img, np.exp(-((depth - 4) / 4) ** 2), "#FFE0B5", 0.35)
    return img


def marouan_2(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    img = ramp(0.4 * x + 0.6 * y + 0.25 * noise(rng, n, 3) - 0.1, ["#102D57", "#1A4377", "#24599A"], n)
    disc(img, 1.0, 1.0, 0.7, "#E07A45", 0.6, soft=0.7 * n, op=screen)
    disc(img, 0.0, 0.0, 0.35, "#C8643B", 0.3, soft=0.4 * n, op=screen)
    lines, even, odd = star_lattice(n, n // 7, 3.5)
    k = calm(n, 0.2)
    mix(img, even * k, "#C8643B", 0.35)
    mix(img, odd * k, "#F3D8B0", 0.12)
    mix(img, lines * k, "#F6E2C2", 0.6)
    return img


def rania_1(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    img = ramp(0.35 * x + 0.75 * y + 0.3 * noise(rng, n, 3) - 0.15, ["#2E0F27", "#5B2145", "#8E3A64", "#C9697E"], n)
    screen(img, noise(rng, n, 2, 2) ** 3, "#F4C6CC", 0.35)  # soft fabric folds
    disc(img, 0.5, 0.5, 0.4, "#F4C6CC", 0.08, soft=3)  # fabric held taut in the hoop
    disc(img, 0.5, 0.5, 0.415, "#1A0714", 0.4, soft=25, width=0.035)
    disc(img, 0.5, 0.5, 0.405, "#D9A85E", 1.0, width=0.014)
    disc(img, 0.5, 0.5, 0.424, "#B7843F", 1.0, width=0.008)
    disc(img, 0.5, 0.5, 0.37, "#F3D9A0", 0.9, width=0.0022, dash=40)  # running stitch
    for y0, col in [(0.06, "#F3D9A0"), (0.1, "#E8A0A8"), (0.93, "#E2B25A")]:  # loose threads
        d = (y - y0 - wave(x, rng, 0.04)) * n
        mix(img, line(d - 8, 8, 6), "#1A0714", 0.35)
        mix(img, line(d, 5), col, 0.95)
    bokeh(img, rng, 40, ["#F3D9A0", "#E2B25A", "#F4C6CC"], (0.008, 0.03), 0.4)
    return img


def rania_2(n: int, rng: Rng) -> Array:
    """Cross-stitch (tatreez-like) diamond bands and scattered motifs on plum fabric."""
    y, x = grid(n)
    img = ramp(0.3 * x + 0.8 * y + 0.25 * noise(rng, n, 3) - 0.12, ["#3A1430", "#5B2145", "#7E3158", "#A4486E"], n)
    g, cells = n // 80, 80
    ci, cj = np.meshgrid(np.arange(cells), np.arange(cells))
    pat = np.zeros((cells, cells), np.int8)
    pat[(np.abs(ci % 10 - 5) + np.abs(cj % 10 - 5) <= 1) & (np.hypot(ci - 40, cj - 40) > 28)] = 3
    for b0 in (12, 57):
        jr, a = cj - b0, np.abs(ci % 14 - 7)
        band = (jr >= -1) & (jr <= 11)
        pat[band] = 0
        b = np.abs(jr - 5)
        pat[band & (a + b == 5)] = 1
        pat[band & ((a + b == 2) | (a + b == 0))] = 2
        pat[band & ((jr == -1) | (jr == 11)) & (ci % 2 == 0)] = 3
    p = np.arange(n)
    cell = pat[(p // g)[:, None], (p // g)[None, :]]
    u, v = ((p % g + 0.5) / g)[None, :].astype(np.float32), ((p % g + 0.5) / g)[:, None].astype(np.float32)
    inside = smoothstep(0.45, 0.38, np.maximum(np.abs(u - 0.5), np.abs(v - 0.5)))
    k = calm(n, 0.4) * inside
    cross = np.maximum(line((u - v) * g / SQ2, 4), line((u + v - 1) * g / SQ2, 4)) * k
    mix(img, np.maximum(line((u - v) * g / SQ2, 7, 3), line((u + v - 1) * g / SQ2, 7, 3)) * k * (cell > 0), "#1A0714", 0.4)
    for code, col in [(1, "#E2B25A"), (2, "#F4C6CC"), (3, "#E8A0A8")]:
        mix(img, cross * (cell == code), col, 0.95)
    return img


def ibrahim_1(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    hz = 0.64
    img = ramp(y / hz, ["#1B1F4B", "#4A3A78", "#B0607F", "#F09A63", "#FBD9A0"], n)
    disc(img, 0.3, hz, 0.4, "#FFC98A", 0.6, soft=0.45 * n, op=screen)
    disc(img, 0.3, hz, 0.045, "#FFF0D0", 0.9, soft=3)
    water = ramp((y - hz) / (1 - hz) + 0.05 * noise(rng, n, 4), ["#D9967A", "#3C7F86", "#1E5F6B", "#0F3644"], n)
    img = np.where(y < hz, img, water)
    for _ in range(60):  # motion streaks in the sky and over the water, none across the middle
        cy = rng.choice([rng.uniform(0.03, 0.36), rng.uniform(0.7, 0.98)])
        streak(img, cy, rng.uniform(-0.2, 0.9), rng.uniform(0.15, 0.5), rng.uniform(1.5, 4),
               "#FFE6C4" if cy < hz else "#BDE6E4", rng.uniform(0.2, 0.5))
    for _ in range(40):  # the sun's glitter on the Nile
        cy = hz + rng.uniform(0.005, 0.3) ** 1.5
        w = 0.04 + 0.3 * (cy - hz)
        streak(img, cy, 0.3 - w * rng.uniform(0.2, 1), w * rng.uniform(0.5, 1.5), 2, "#FFE0B0", 0.5)
    bank = (hz + wave(x, rng, 0.004, (5, 11, 23))) * n - 10
    mix(img, np.clip(y * n - bank, 0, 1) * np.clip(hz * n + 1 - y * n, 0, 1), "#2A2338", 0.75)
    return img


def ibrahim_2(n: int, rng: Rng) -> Array:
    y, x = grid(n)
    img = ramp(0.5 * y + 0.5 * x + 0.15 * noise(rng, n, 3), ["#141A3C", "#2B2F63", "#6E4A7E", "#D9826A", "#F4B063"], n)
    r, ang = np.sqrt((x + 0.15) ** 2 + (y - 1.2) ** 2), np.arctan2(y - 1.2, x + 0.15)
    mix(img, smoothstep(0.5, 0.52, r) * smoothstep(1.07, 1.05, r), "#1E6F78", 0.6)  # the track
    lane = (r - 0.53) / 0.0625
    k = calm(n, 0.35)
    mix(img, line((lane - np.round(lane)) * 0.0625 * n, 4) * k * (np.abs(lane - 4) < 4.1), "#F5F0E6", 0.65)
    li = np.clip(np.floor(lane), 0, 7).astype(np.intp)
    head = rng.uniform(-1.35, -0.6, 8).astype(np.float32)[li]  # light trails of runners
    trail = smoothstep(head - 0.55, head, ang) * smoothstep(head + 0.012, head, ang) * (np.abs(lane - 4) < 4)
    screen(img, line((lane - li - 0.5) * 0.0625 * n, 9, 5) * trail, "#FFD27A", 0.85)
    cell = n // 60  # dotted halftone "city map" in the upper right
    p = np.arange(n)
    field = noise(rng, n // cell + 1, 3)[(p // cell)[:, None], (p // cell)[None, :]] * smoothstep(0.3, 0.9, x - y + 0.5)
    dots = np.clip(field * cell * 0.42 - np.hypot((p % cell - cell / 2)[:, None], (p % cell - cell / 2)[None, :]) + 0.5, 0, 1)
    screen(img, dots * (field > 0.2), "#FBD9A0", 0.45)
    return img


def spotlight(n: int, rng: Rng) -> Array:
    """Palm-frond basket weave: straw tones, a few dyed strands, warm light from the top left."""
    shade, tone = weave(n, rng, n / 8, 3)
    y, x = grid(n)
    img = ramp(tone * 0.7 + 0.15 + 0.15 * noise(rng, n, 4), ["#8A5A2B", "#B9803F", "#D9A85E", "#EBC98A"], n)
    mix(img, tone > 0.92, "#9E3B2C", 0.85)
    mix(img, tone < 0.04, "#2F6B5A", 0.8)
    img *= (0.25 + 0.75 * shade) * (1.12 - 0.35 * (x + y) / 2)
    return img


def logo(n: int = 512, ss: int = 4) -> Image.Image:
    """Five interlocking rings in a circle, white plus one amber ring, with a dark outline and
    a soft shadow so it reads on light and dark backgrounds. Drawn at ss x size, downsampled."""
    m = n * ss
    v = (np.arange(m, dtype=np.float32) + 0.5) / m - 0.5
    y, x = v[:, None], v[None, :]
    k, r0, rr, hw, gap, aa = 5, 0.23, 0.16, 0.021, 0.011, 1.0 / m
    ang = [2 * math.pi * i / k - math.pi / 2 for i in range(k)]
    d = [np.abs(np.sqrt((x - r0 * math.cos(a)) ** 2 + (y - r0 * math.sin(a)) ** 2) - rr) for a in ang]
    cov = [np.clip((hw - di) / aa + 0.5, 0, 1) for di in d]
    halo = [np.clip((hw + gap - di) / aa + 0.5, 0, 1) for di in d]
    vis = []
    for i in range(k):  # ring i passes over ring i+1 at their outer crossing, under it at the inner
        mid = ang[i] + math.pi / k
        outer = x * math.cos(mid) + y * math.sin(mid) > r0 * math.cos(math.pi / k)
        prev = ang[i] - math.pi / k
        outer_prev = x * math.cos(prev) + y * math.sin(prev) > r0 * math.cos(math.pi / k)
        vis.append(cov[i] * (1 - halo[(i + 1) % k] * ~outer) * (1 - halo[(i - 1) % k] * outer_prev))
    accent, white = vis[0], np.max(np.stack(vis[1:]), axis=0)
    union = np.max(np.stack(halo), axis=0)
    shadow = Image.fromarray((union * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(ss * 5))
    under = np.maximum(union * 0.6, np.asarray(shadow, np.float32) / 255 * 0.3) * (1 - white - accent)
    a = white + accent + under
    col = (white + rgb("#F2A541")[:, :, 0, None] * accent + rgb("#14142A")[:, :, 0, None] * under) / np.maximum(a, 1e-6)
    rgba = np.concatenate([col, a[None]]).transpose(1, 2, 0)
    big = Image.fromarray(np.clip(rgba * 255 + 0.5, 0, 255).astype(np.uint8))
    return big.resize((n, n), Image.LANCZOS)


IMAGES: dict[str, tuple[Callable[[int, Rng], Array], int]] = {
    "hala-1": (hala_1, 2400), "hala-2": (hala_2, 2400),
    "marouan-1": (marouan_1, 2400), "marouan-2": (marouan_2, 2400),
    "rania-1": (rania_1, 2400), "rania-2": (rania_2, 2400),
    "ibrahim-1": (ibrahim_1, 2400), "ibrahim-2": (ibrahim_2, 2400),
    "spotlight-dar-el-khoos": (spotlight, 1600),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the example campaign's placeholder media.")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "media",
                        help="output folder (default: media/ next to this script)")
    parser.add_argument("--only", nargs="*", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for seed, (name, (draw, n)) in enumerate(IMAGES.items()):
        if args.only is None or name in args.only:
            rng = np.random.default_rng(2024 + seed)
            img = finish(draw(n, rng).astype(np.float32), rng)
            img.save(args.out / f"{name}.jpg", quality=85, progressive=True, optimize=True)
    if args.only is None or "logo" in args.only:
        logo().save(args.out / "logo.png", optimize=True)
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
