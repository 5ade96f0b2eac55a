"""Small ICC v2 profiles made in the test, and the colour math to check conversions by.

``ImageCms.createProfile`` makes only sRGB, LAB and XYZ profiles, and the ICC files a system
may have (``/usr/share/color/icc``) are not something a test can count on. So the profiles
photos carry are written here from their published definitions:

- matrix/TRC RGB profiles (Display P3, Adobe RGB (1998), ProPhoto RGB): primaries and white
  point, their tone curve, the colourants adapted to the ICC's D50 with Bradford (as every
  real display profile stores them);
- a grey profile (a tone curve only);
- a CMYK profile whose AToB0 is a lut16 with a 2-point CLUT (corner colours given in XYZ).

The expected sRGB values are computed from the same definitions with numpy matrix math,
independently of LittleCMS (and of the profile writer in ``takatof.model.media``).
"""

from __future__ import annotations

import struct

import numpy as np

D50 = np.array([0.9642, 1.0, 0.8249])
D65_XY = (0.3127, 0.3290)

BRADFORD = np.array(
    [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ]
)

SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
ADOBE_PRIMARIES = ((0.640, 0.330), (0.210, 0.710), (0.150, 0.060))
PROPHOTO_PRIMARIES = ((0.7347, 0.2653), (0.1596, 0.8404), (0.0366, 0.0001))
PROPHOTO_WHITE = (0.3457, 0.3585)  # D50
ADOBE_GAMMA = 563 / 256  # 2.19921875: the u8Fixed8 value Adobe's own profile stores
PROPHOTO_GAMMA = 1.8


def xy_to_xyz(xy: tuple[float, float]) -> np.ndarray:
    x, y = xy
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rgb_to_xyz_matrix(primaries: tuple[tuple[float, float], ...], white: tuple[float, float]) -> np.ndarray:
    """Linear RGB -> XYZ (Y of white = 1) for these primaries and white point."""
    columns = np.column_stack([xy_to_xyz(p) for p in primaries])
    scale = np.linalg.solve(columns, xy_to_xyz(white))
    return columns * scale


def bradford(source_white: np.ndarray, target_white: np.ndarray) -> np.ndarray:
    """The Bradford chromatic adaptation matrix from one white (XYZ) to another."""
    cone_src, cone_dst = BRADFORD @ source_white, BRADFORD @ target_white
    return np.linalg.inv(BRADFORD) @ np.diag(cone_dst / cone_src) @ BRADFORD


def srgb_encode(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def srgb_decode(encoded: np.ndarray) -> np.ndarray:
    return np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)


def pcs_to_srgb8(xyz_d50: np.ndarray) -> np.ndarray:
    """PCS XYZ (D50, relative) -> sRGB code values, as an sRGB display profile maps it
    (D50 -> D65 by Bradford, then the sRGB matrix), clipped to the gamut."""
    to_d65 = bradford(D50, xy_to_xyz(D65_XY))
    to_srgb = np.linalg.inv(rgb_to_xyz_matrix(SRGB_PRIMARIES, D65_XY))
    linear = to_srgb @ (to_d65 @ np.asarray(xyz_d50, dtype=float))
    return np.round(srgb_encode(linear) * 255)


def rgb_to_pcs(
    rgb8: tuple[int, int, int],
    primaries: tuple[tuple[float, float], ...],
    white: tuple[float, float],
    decode: str,
) -> np.ndarray:
    """An RGB pixel of a matrix/TRC space -> PCS XYZ (D50). ``decode`` is "srgb" (Display
    P3's curve) or a gamma written as a number."""
    encoded = np.array(rgb8, dtype=float) / 255
    linear = srgb_decode(encoded) if decode == "srgb" else encoded ** float(decode)
    xyz = rgb_to_xyz_matrix(primaries, white) @ linear
    return bradford(xy_to_xyz(white), D50) @ xyz


def expected_srgb(
    rgb8: tuple[int, int, int],
    primaries: tuple[tuple[float, float], ...],
    white: tuple[float, float],
    decode: str,
) -> np.ndarray:
    """What a pixel of that space should become in sRGB (relative colorimetric, clipped)."""
    return pcs_to_srgb8(rgb_to_pcs(rgb8, primaries, white, decode))


# ------------------------------------------------------------------------ ICC writing


def _s15(value: float) -> int:
    return round(value * 65536)


def _xyz(xyz: np.ndarray) -> bytes:
    return b"XYZ " + bytes(4) + struct.pack(">3i", *(_s15(float(v)) for v in xyz))


def _desc(text: str) -> bytes:
    raw = text.encode("ascii") + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(raw)) + raw + bytes(8) + bytes(3) + bytes(67)


def _gamma_curve(gamma: float) -> bytes:
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256))


def _table_curve(values: np.ndarray) -> bytes:
    table = np.round(np.clip(values, 0, 1) * 65535).astype(">u2")
    return b"curv" + bytes(4) + struct.pack(">I", len(table)) + table.tobytes()


def _profile(space: bytes, device_class: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    offset = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    header = bytearray(128)
    struct.pack_into(
        ">I4sI4s4s4s", header, 0, offset + len(data), b"test", 0x02100000, device_class, space, b"XYZ "
    )
    header[36:40] = b"acsp"
    struct.pack_into(">3i", header, 68, *(_s15(v) for v in D50))
    return bytes(header) + table + data


def matrix_profile(
    name: str, primaries: tuple[tuple[float, float], ...], white: tuple[float, float], decode: str
) -> bytes:
    """A v2 display profile: colourants adapted to D50, the media white, one tone curve."""
    adapted = bradford(xy_to_xyz(white), D50) @ rgb_to_xyz_matrix(primaries, white)
    if decode == "srgb":
        curve = _table_curve(srgb_decode(np.linspace(0, 1, 1024)))
    else:
        curve = _gamma_curve(float(decode))
    tags = [
        (b"desc", _desc(name)),
        (b"wtpt", _xyz(xy_to_xyz(white))),
        (b"rXYZ", _xyz(adapted[:, 0])),
        (b"gXYZ", _xyz(adapted[:, 1])),
        (b"bXYZ", _xyz(adapted[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + bytes(4) + b"test\0"),
    ]
    return _profile(b"RGB ", b"mntr", tags)


def display_p3() -> bytes:
    return matrix_profile("Display P3 (test)", P3_PRIMARIES, D65_XY, "srgb")


def adobe_rgb() -> bytes:
    return matrix_profile("Adobe RGB (1998) (test)", ADOBE_PRIMARIES, D65_XY, str(ADOBE_GAMMA))


def prophoto_rgb() -> bytes:
    return matrix_profile("ProPhoto RGB (test)", PROPHOTO_PRIMARIES, PROPHOTO_WHITE, str(PROPHOTO_GAMMA))


def grey_profile(gamma: float) -> bytes:
    """A v2 grey display profile: a tone curve, D50 white."""
    tags = [
        (b"desc", _desc(f"Gray gamma {gamma} (test)")),
        (b"wtpt", _xyz(D50)),
        (b"kTRC", _gamma_curve(gamma)),
        (b"cprt", b"text" + bytes(4) + b"test\0"),
    ]
    return _profile(b"GRAY", b"mntr", tags)


def cmyk_profile(corners: dict[int, tuple[float, float, float]]) -> bytes:
    """A v2 output profile whose AToB0 (a lut16) maps CMYK to XYZ through a 2-point CLUT:
    ``corners[bits]`` is the PCS XYZ (D50) of the solid overprint ``bits`` (bit 3 = C, 2 = M,
    1 = Y, 0 = K); a missing corner is black. Identity input and output curves."""
    lut = b"mft2" + bytes(4) + bytes([4, 3, 2, 0])
    lut += struct.pack(">9i", 65536, 0, 0, 0, 65536, 0, 0, 0, 65536)
    lut += struct.pack(">HH", 2, 2)
    lut += np.array([0, 65535] * 4, dtype=">u2").tobytes()
    grid = [corners.get(k, (0.0, 0.0, 0.0)) for k in range(16)]
    lut += np.round(np.clip(np.array(grid) * 32768, 0, 65535)).astype(">u2").tobytes()
    lut += np.array([0, 65535] * 3, dtype=">u2").tobytes()
    tags = [
        (b"desc", _desc("CMYK (test)")),
        (b"wtpt", _xyz(D50)),
        (b"A2B0", lut),
        (b"cprt", b"text" + bytes(4) + b"test\0"),
    ]
    return _profile(b"CMYK", b"prtr", tags)
