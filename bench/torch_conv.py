"""PyTorch side of bench/conv.ts: conv2d forward + backward (input and weight gradients, for a
fixed upstream gradient) GFLOPS on the layer shapes given as JSON on stdin.

Usage: /usr/bin/python3 bench/torch_conv.py DIGITS.f32 SPLIT_DIR THREADS < shapes.json
(the first two arguments are what bench/torch.ts passes every peer; unused here). Prints one JSON object.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
shapes = json.load(sys.stdin)


def gflops(s):
    x = torch.randn(s['n'], s['c'], s['h'], s['h'], requires_grad=True)
    w = torch.randn(s['o'], s['c'] // s['groups'], s['k'], s['k'], requires_grad=True)
    g = torch.randn(s['n'], s['o'], s['h'], s['h'])

    def step():
        F.conv2d(x, w, padding=s['k'] // 2, groups=s['groups']).backward(g)

    step()
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(3):
            step()
        best = min(best, (time.perf_counter() - t0) / 3)
    return s['flops'] / best / 1e9


print(json.dumps({'library': f'PyTorch {torch.__version__.split("+")[0]}', 'gflops': [gflops(s) for s in shapes]}))
