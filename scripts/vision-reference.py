#!/usr/bin/python3
"""Reference values for perceptio/vision filters: test/fixtures/vision-reference.json.

Run with Debian's python3-scipy and python3-opencv: /usr/bin/python3 scripts/vision-reference.py
The fixture image is synthetic (made here from a seed, stored as bytes in the JSON): a 32×24 RGB
picture with a bright rectangle, a diagonal edge, a gradient, a disc and noise. References are
float64 results on its BT.601 luma (float32, as readImage computes it) and on its RGB channels.
Border names map to SciPy modes: zero → constant (cval 0), replicate → nearest,
reflect → mirror, circular → wrap.
"""
import json
import math
import os

import cv2
import numpy as np
import scipy
from scipy import ndimage as ndi

H, W = 24, 32
rng = np.random.default_rng(3)
yy, xx = np.mgrid[0:H, 0:W]
r = 40 + 6 * xx + rng.integers(0, 20, (H, W))
g = np.where((xx > 8) & (xx < 20) & (yy > 5) & (yy < 15), 220, 50) + rng.integers(0, 10, (H, W))
b = np.where(xx + yy > 30, 200, 30) + np.where((xx - 24) ** 2 + (yy - 16) ** 2 < 25, 50, 0)
rgb = np.clip(np.stack([r, g, b]), 0, 255).astype(np.uint8)  # [3, H, W]
salt = rng.random((H, W))
rgb[:, salt < 0.03] = 255  # salt and pepper, for the median filter
rgb[:, salt > 0.97] = 0

f = rgb.astype(np.float64) / 255
gray = ((0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255).astype(np.float32).astype(np.float64)
MODES = {'zero': 'constant', 'replicate': 'nearest', 'reflect': 'mirror', 'circular': 'wrap'}


def gaussian1d(sigma, truncate=4.0):
    r = int(truncate * sigma + 0.5)
    w = np.exp(-((np.arange(-r, r + 1)) ** 2) / (2 * sigma * sigma))
    return w / w.sum()


def motion(length, angle):
    half = (length - 1) / 2
    dx, dy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    r = math.ceil(max(abs(dx), abs(dy)) * half - 1e-9)
    k = np.zeros((2 * r + 1, 2 * r + 1))
    for i in range(2 * r + 1):
        for j in range(2 * r + 1):
            x, y = j - r, i - r
            t = max(-half, min(half, x * dx + y * dy))
            k[i, j] = max(0.0, 1 - math.hypot(x - t * dx, y - t * dy))
    return k / k.sum()


K = {
    'identity': np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], float),
    'box3': np.ones((3, 3)) / 9,
    'box5': np.ones((5, 5)) / 25,
    'sharpen': np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], float),
    'scharr-x': np.outer([3, 10, 3], [-1, 0, 1]).astype(float),
    'scharr-y': np.outer([-1, 0, 1], [3, 10, 3]).astype(float),
    'laplacian-8': np.array([[1, 1, 1], [1, -8, 1], [1, 1, 1]], float),
    'emboss': np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], float),
    'edge-enhance': np.array([[-1, -1, -1], [-1, 10, -1], [-1, -1, -1]], float) / 2,
    'custom-asym': np.array([[1, 2, 0], [0, -1, 0], [0, 0, 3]], float),  # catches a flipped (convolved) kernel
    'motion-9-0': motion(9, 0),
    'motion-7-30': motion(7, 30),
}


def rnd(a):
    return [round(float(v), 6) for v in np.asarray(a).ravel()]


ref = {}
for border, mode in MODES.items():  # every border mode on a few filters
    ref[f'sobel-x/{border}'] = ndi.sobel(gray, axis=1, mode=mode)
    ref[f'gaussian-1/{border}'] = ndi.gaussian_filter(gray, 1.0, mode=mode)
    ref[f'box5/{border}'] = ndi.correlate(gray, K['box5'], mode=mode)
    ref[f'custom-asym/{border}'] = ndi.correlate(gray, K['custom-asym'], mode=mode)
    ref[f'median-3/{border}'] = ndi.median_filter(gray, 3, mode=mode)
for name, k in K.items():
    ref[f'{name}/reflect'] = ndi.correlate(gray, k, mode='mirror')
ref['sobel-y/reflect'] = ndi.sobel(gray, axis=0, mode='mirror')
ref['prewitt-x/reflect'] = ndi.prewitt(gray, axis=1, mode='mirror')
ref['prewitt-y/reflect'] = ndi.prewitt(gray, axis=0, mode='mirror')
ref['laplacian/reflect'] = ndi.laplace(gray, mode='mirror')
ref['gaussian-2.5/reflect'] = ndi.gaussian_filter(gray, 2.5, mode='mirror')
ref['gaussian-0.6/replicate'] = ndi.gaussian_filter(gray, 0.6, mode='nearest')
ref['unsharp-1.5-2/reflect'] = gray + 1.5 * (gray - ndi.gaussian_filter(gray, 2.0, mode='mirror'))
gx, gy = ndi.sobel(gray, axis=1, mode='mirror'), ndi.sobel(gray, axis=0, mode='mirror')
ref['sobel/reflect'] = np.hypot(gx, gy)
ref['sobel-direction/reflect'] = np.arctan2(gy, gx)
ref['median-5/reflect'] = ndi.median_filter(gray, 5, mode='mirror')
ref['rgb-gaussian-1.5/reflect'] = np.stack([ndi.gaussian_filter(c, 1.5, mode='mirror') for c in f])
ref['rgb-sharpen/replicate'] = np.stack([ndi.correlate(c, K['sharpen'], mode='nearest') for c in f])

# OpenCV, independently: BORDER_REFLECT_101 (its default) = reflect, BORDER_REPLICATE = replicate
g32 = gray.astype(np.float64)
cv = {
    'sobel-x/reflect': cv2.Sobel(g32, cv2.CV_64F, 1, 0, ksize=3, borderType=cv2.BORDER_REFLECT_101),
    'scharr-y/reflect': cv2.Scharr(g32, cv2.CV_64F, 0, 1, borderType=cv2.BORDER_REFLECT_101),
    'laplacian/replicate': cv2.Laplacian(g32, cv2.CV_64F, ksize=1, borderType=cv2.BORDER_REPLICATE),
    'gaussian-2/reflect': cv2.GaussianBlur(g32, (17, 17), 2.0, borderType=cv2.BORDER_REFLECT_101),
    'sharpen/zero': cv2.filter2D(g32, -1, K['sharpen'], borderType=cv2.BORDER_CONSTANT),
    'custom-asym/reflect': cv2.filter2D(g32, -1, K['custom-asym'], borderType=cv2.BORDER_REFLECT_101),
    'median-5/replicate': cv2.medianBlur(gray.astype(np.float32), 5).astype(np.float64),  # medianBlur replicates the border
}

out = {
    'producer': f'scripts/vision-reference.py with scipy {scipy.__version__}, opencv {cv2.__version__}, numpy {np.__version__}',
    'height': H,
    'width': W,
    'rgb': rgb.ravel().tolist(),  # [3, H, W] bytes
    'kernels': {k: v.tolist() for k, v in K.items() if k.startswith('motion')},
    'scipy': {k: rnd(v) for k, v in ref.items()},
    'opencv': {k: rnd(v) for k, v in cv.items()},
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'vision-reference.json')
with open(path, 'w') as fh:
    json.dump(out, fh, separators=(',', ':'))
print(f'wrote {path}: {len(ref)} scipy and {len(cv)} opencv references')
