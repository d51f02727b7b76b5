#!/usr/bin/python3
"""Writes test/fixtures/torch-reference.json: PyTorch's outputs and input gradients for ops and
losses, a few steps of each optimizer, and learning-rate schedules, on fixed small float64 inputs.

Run: /usr/bin/python3 scripts/torch-reference.py   (tests read the JSON; they never run Python)

Conventions of the JSON (so the TypeScript tests need no PyTorch knowledge):
- tensors are {"shape": [...], "values": [...flat row-major...], "dtype": "float64" | "int64"};
- an op case's gradients are d(sum(output * gradOutput))/d(input) for every float input;
- `pads` are [before, after] pairs from the first axis (Perceptio's order, not F.pad's);
- optimizer cases apply `grads[t]` at step t and record the parameter after each step.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261127)


def rand(*shape, low=-2.0, high=2.0):
    # rounded to 4 decimals so the JSON stays readable; still exact float64 inputs
    x = torch.rand(tuple(shape), generator=gen) * (high - low) + low
    return torch.round(x * 1e4) / 1e4


def enc(t):
    t = t.detach()
    dtype = "int64" if t.dtype in (torch.int64, torch.int32) else "float64"
    vals = t.reshape(-1).tolist()
    return {"shape": list(t.shape), "values": vals, "dtype": dtype}


def idx(values, shape=None):
    t = torch.tensor(values, dtype=torch.int64)
    return t.reshape(shape) if shape else t


ops = []


def op(name, fn, inputs, **args):
    """Records fn(*inputs, **args) and the gradients of sum(out * w) for a fixed random w."""
    xs = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    out = fn(*xs, **args)
    w = rand(*out.shape, low=0.5, high=1.5)
    float_xs = [x for x in xs if x.requires_grad]
    gs = iter(torch.autograd.grad((out * w).sum(), float_xs, allow_unused=True))
    grads = []
    for x in xs:
        g = next(gs) if x.requires_grad else None
        grads.append(None if not x.requires_grad else (torch.zeros_like(x) if g is None else g).reshape(-1).tolist())
    kind, _, label = name.partition(":")
    ops.append({
        "name": label.strip() or kind,
        "op": kind,
        "args": args,
        "inputs": [enc(x) for x in inputs],
        "output": enc(out),
        "gradOutput": enc(w),
        "grads": grads,
    })


def pad_torch(x, pads, value=0.0):
    flat = [p for pair in reversed(pads) for p in pair]  # F.pad starts from the last axis
    return F.pad(x, flat, value=value)


# elementwise
x35 = rand(3, 5)
op("add: add broadcast [3, 1, 5] + [4, 1]", torch.add, [rand(3, 1, 5), rand(4, 1)])
op("sub: sub broadcast [4, 1] - [3, 1, 5]", torch.sub, [rand(4, 1), rand(3, 1, 5)])
op("mul: mul broadcast [2, 3] * [3]", torch.mul, [rand(2, 3), rand(3)])
op("div", torch.div, [rand(3, 5), rand(3, 5, low=0.5, high=2)])
op("pow: pow tensor exponent", torch.pow, [rand(3, 5, low=0.2, high=2), rand(3, 5)])
op("powScalar: pow x^2.5", lambda x, p: torch.pow(x, p), [rand(7, low=0.1, high=3)], p=2.5)
op("powScalar: pow x^3 of negative values", lambda x, p: torch.pow(x, p), [rand(7)], p=3.0)
op("neg", torch.neg, [rand(7)])
op("abs", torch.abs, [torch.tensor([-1.5, -0.25, 0.0, 0.75, 2.0])])
op("exp", torch.exp, [rand(7)])
op("log", torch.log, [rand(7, low=0.1, high=4)])
op("log1p", torch.log1p, [rand(7, low=-0.9, high=4)])
op("sqrt", torch.sqrt, [rand(7, low=0.1, high=4)])
op("rsqrt", torch.rsqrt, [rand(7, low=0.1, high=4)])
op("sin", torch.sin, [rand(7, low=-4, high=4)])
op("cos", torch.cos, [rand(7, low=-4, high=4)])
op("tanh", torch.tanh, [rand(7, low=-3, high=3)])
op("erf", torch.erf, [rand(7, low=-3, high=3)])
op("sigmoid", torch.sigmoid, [torch.tensor([-40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0])])
op("relu", torch.relu, [torch.tensor([-1.5, -0.25, 0.0, 0.75, 2.0])])
op("leakyRelu", lambda x, alpha: F.leaky_relu(x, alpha), [torch.tensor([-1.5, -0.25, 0.0, 0.75, 2.0])], alpha=0.2)
op("elu", lambda x, alpha: F.elu(x, alpha), [torch.tensor([-3.0, -1.5, -0.25, 0.0, 0.75, 2.0])], alpha=1.5)
op("gelu: gelu exact", lambda x: F.gelu(x), [rand(3, 5, low=-4, high=4)])
op("geluTanh: gelu tanh", lambda x: F.gelu(x, approximate="tanh"), [rand(3, 5, low=-4, high=4)])
op("softplus", F.softplus, [torch.tensor([-30.0, -5.0, -0.5, 0.0, 0.5, 5.0, 19.0])])
op("clamp: clamp with values on the bounds", lambda x, min, max: torch.clamp(x, min, max),
   [torch.tensor([-2.0, -1.0, -0.3, 0.0, 0.4, 1.0, 1.7])], min=-1.0, max=1.0)
op("maximum: maximum with ties", torch.maximum, [torch.tensor([1.0, 2.0, 3.0, -1.0, 0.5]), torch.tensor([1.0, 0.0, 3.0, 2.0, 0.5])])
op("minimum: minimum with ties, broadcast", torch.minimum, [torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]]), torch.tensor([1.0, 0.0, 3.0])])
op("where: where broadcast", lambda c, a, b: torch.where(c != 0, a, b), [idx([[1, 0, 1, 1, 0]]), rand(3, 1), rand(3, 5)])

# reductions
x235 = rand(2, 3, 5)
op("sum: sum axes [0, 2] keepdims", lambda x, axes, keepdims: x.sum(axes, keepdims), [x235], axes=[0, 2], keepdims=True)
op("mean: mean axis 1", lambda x, axes, keepdims: x.mean(axes, keepdims), [x235], axes=[1], keepdims=False)
op("var: var axis 1 (unbiased)", lambda x, axes, correction: torch.var(x, axes, unbiased=correction == 1), [x35], axes=[1], correction=1)
op("var: var all (biased)", lambda x, axes, correction: torch.var(x, unbiased=correction == 1), [x35], axes=None, correction=0)
op("std: std axis 0", lambda x, axes, correction: torch.std(x, axes, unbiased=correction == 1), [x35], axes=[0], correction=1)
op("std: std all", lambda x, axes, correction: torch.std(x, unbiased=correction == 1), [x35], axes=None, correction=1)
ties = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 0.5, -1.0, 2.0], [4.0, 4.0, 4.0, 1.0]])
op("max: max axis 1 with ties (amax splits evenly)", lambda x, axes, keepdims: torch.amax(x, axes, keepdims), [ties], axes=[1], keepdims=False)
op("min: min axis 0 with ties (amin)", lambda x, axes, keepdims: torch.amin(x, axes, keepdims), [ties], axes=[0], keepdims=True)
op("max: max of all with ties", lambda x, axes, keepdims: torch.max(x), [ties], axes=None, keepdims=False)
op("logsumexp: logsumexp axis 1", lambda x, axes, keepdims: torch.logsumexp(x, axes, keepdims), [rand(3, 5, low=-5, high=5)], axes=[1], keepdims=False)
op("logsumexp: logsumexp of large values", lambda x, axes, keepdims: torch.logsumexp(x, axes, keepdims), [rand(3, 5) + 500], axes=[0, 1], keepdims=False)
op("softmax: softmax last axis", lambda x, axis: F.softmax(x, axis), [rand(3, 5, low=-5, high=5)], axis=-1)
op("softmax: softmax axis 0", lambda x, axis: F.softmax(x, axis), [rand(3, 5, low=-5, high=5)], axis=0)
op("logSoftmax: logSoftmax last axis", lambda x, axis: F.log_softmax(x, axis), [rand(2, 3, 5, low=-5, high=5)], axis=-1)
op("logSoftmax: logSoftmax axis 1", lambda x, axis: F.log_softmax(x, axis), [rand(2, 3, 5, low=-5, high=5)], axis=1)

# linear algebra
op("matmul: matmul 2-D", torch.matmul, [rand(3, 5), rand(5, 7)])
op("matmul: matmul batched", torch.matmul, [rand(2, 3, 5), rand(2, 5, 3)])
op("matmul: matmul broadcast batch", torch.matmul, [rand(2, 1, 3, 5), rand(3, 5, 2)])
op("matmul: matmul 1-D @ 2-D", torch.matmul, [rand(5), rand(5, 3)])
op("matmul: matmul 2-D @ 1-D", torch.matmul, [rand(3, 5), rand(5)])
op("matmulTT: matmul of transposes aᵀ·bᵀ", lambda a, b: a.T @ b.T, [rand(5, 3), rand(7, 5)])

# indexing and shapes
op("gather: gather axis 1", lambda x, i, axis: torch.gather(x, axis, i), [x35, idx([[0, 4], [4, 4], [2, 1]])], axis=1)
op("gather: gather axis 0", lambda x, i, axis: torch.gather(x, axis, i), [x35, idx([[2, 0, 0, 1, 2], [1, 1, 1, 0, 0]])], axis=0)
op("indexSelect", lambda x, i, axis: torch.index_select(x, axis, i), [rand(5, 3), idx([0, 2, 2, 4])], axis=0)
op("scatterAdd", lambda b, i, s, axis: torch.scatter_add(b, axis, i, s), [x35, idx([[0, 4], [4, 4], [2, 1]]), rand(3, 2)], axis=1)
op("pad: pad constant 0.5", lambda x, pads, value: pad_torch(x, pads, value), [rand(2, 3, 5)], pads=[[0, 0], [1, 2], [0, 3]], value=0.5)
op("concat: concat axis 1", lambda a, b, axis: torch.cat([a, b], axis), [rand(2, 3), rand(2, 5)], axis=1)
op("stack: stack axis 1", lambda a, b, axis: torch.stack([a, b], axis), [rand(3, 5), rand(3, 5)], axis=1)
op("slice: slice with step", lambda x, axis, start, end, step: x[:, start:end:step], [rand(3, 7)], axis=1, start=1, end=6, step=2)
op("permute", lambda x, axes: x.permute(*axes), [rand(2, 3, 5)], axes=[2, 0, 1])

# losses: args name the Perceptio options; the lambda maps them onto PyTorch's
losses = []


def loss(name, kind, fn, inputs, **options):
    xs = [x.clone().requires_grad_(i == 0) for i, x in enumerate(inputs)]
    out = fn(*xs)
    (g,) = torch.autograd.grad(out, [xs[0]])
    opts = {k: (enc(v) if isinstance(v, torch.Tensor) else v) for k, v in options.items()}
    losses.append({
        "name": name, "loss": kind, "options": opts,
        "inputs": [enc(x) for x in inputs], "output": out.item(), "grad": g.reshape(-1).tolist(),
    })


pred, tgt = rand(3, 5), rand(3, 5)
loss("mseLoss", "mseLoss", F.mse_loss, [pred, tgt])
loss("mseLoss sum", "mseLoss", lambda a, b: F.mse_loss(a, b, reduction="sum"), [pred, tgt], reduction="sum")
loss("l1Loss", "l1Loss", F.l1_loss, [pred, tgt])
loss("huberLoss delta 1", "huberLoss", F.huber_loss, [pred, tgt])
loss("huberLoss delta 0.5", "huberLoss", lambda a, b: F.huber_loss(a, b, delta=0.5), [pred, tgt], delta=0.5)
loss("smoothL1 (= huber delta 1)", "huberLoss", F.smooth_l1_loss, [pred, tgt])
probs = rand(3, 5, low=0.05, high=0.95)
labels01 = torch.bernoulli(torch.full((3, 5), 0.5), generator=gen)
loss("bceLoss", "bceLoss", F.binary_cross_entropy, [probs, labels01])
bce_w = rand(5, low=0.5, high=2)
loss("bceLoss with weight", "bceLoss", lambda a, b: F.binary_cross_entropy(a, b, weight=bce_w), [probs, labels01], weight=bce_w)
logits = rand(3, 5, low=-4, high=4)
loss("bceWithLogitsLoss", "bceWithLogitsLoss", F.binary_cross_entropy_with_logits, [logits, labels01])
pos_w = torch.tensor([1.0, 2.0, 0.5, 3.0, 1.5])
loss("bceWithLogitsLoss with posWeight", "bceWithLogitsLoss",
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pos_w), [logits, labels01], posWeight=pos_w)
scores = rand(4, 5, low=-3, high=3)
cls = idx([0, 3, 4, 3])
loss("crossEntropy class indices", "crossEntropy", F.cross_entropy, [scores, cls])
soft = F.softmax(rand(4, 5), dim=1)
loss("crossEntropy probabilities", "crossEntropy", F.cross_entropy, [scores, soft])
loss("crossEntropy label smoothing 0.1", "crossEntropy", lambda a, b: F.cross_entropy(a, b, label_smoothing=0.1), [scores, cls], labelSmoothing=0.1)
cw = torch.tensor([1.0, 0.5, 2.0, 1.5, 0.25])
loss("crossEntropy class weights", "crossEntropy", lambda a, b: F.cross_entropy(a, b, weight=cw), [scores, cls], weight=cw)
loss("crossEntropy weights + smoothing", "crossEntropy",
     lambda a, b: F.cross_entropy(a, b, weight=cw, label_smoothing=0.2), [scores, cls], weight=cw, labelSmoothing=0.2)
loss("crossEntropy sum", "crossEntropy", lambda a, b: F.cross_entropy(a, b, reduction="sum"), [scores, cls], reduction="sum")
loss("crossEntropy ignoreIndex", "crossEntropy", lambda a, b: F.cross_entropy(a, b, ignore_index=3), [scores, cls], ignoreIndex=3)
scores3 = rand(2, 4, 3, low=-3, high=3)  # [N, C, d]: the class axis is 1
loss("crossEntropy [N, C, d]", "crossEntropy", F.cross_entropy, [scores3, idx([[0, 3, 1], [2, 2, 0]])])
loss("bceWithLogitsLoss with weight, sum", "bceWithLogitsLoss",
     lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=bce_w, reduction="sum"), [logits, labels01], weight=bce_w, reduction="sum")
loss("l1Loss sum", "l1Loss", lambda a, b: F.l1_loss(a, b, reduction="sum"), [pred, tgt], reduction="sum")
logp = F.log_softmax(rand(4, 5), dim=1)
loss("nllLoss", "nllLoss", F.nll_loss, [logp, cls])
loss("nllLoss class weights", "nllLoss", lambda a, b: F.nll_loss(a, b, weight=cw), [logp, cls], weight=cw)

# optimizers: three steps on a fixed parameter with a fixed gradient sequence
optimizers = []
p0 = torch.tensor([0.5, -1.25, 2.0, 0.0, -0.75])
gseq = [torch.tensor([0.1, -0.2, 0.3, -0.4, 0.05]), torch.tensor([-0.3, 0.25, 0.1, 0.0, -0.15]), torch.tensor([0.2, 0.2, -0.5, 0.4, 0.3])]


def optim(name, kind, make, **options):
    p = p0.clone().requires_grad_(True)
    opt = make([p])
    steps = []
    for g in gseq:
        p.grad = g.clone()
        opt.step()
        steps.append(p.detach().tolist())
    optimizers.append({"name": name, "optimizer": kind, "options": options, "param": p0.tolist(),
                       "grads": [g.tolist() for g in gseq], "steps": steps})


optim("SGD", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1), lr=0.1)
optim("SGD momentum", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), lr=0.1, momentum=0.9)
optim("SGD momentum dampening", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5), lr=0.1, momentum=0.9, dampening=0.5)
optim("SGD Nesterov", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True), lr=0.1, momentum=0.9, nesterov=True)
optim("SGD weight decay + momentum", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5, weight_decay=0.01), lr=0.1, momentum=0.5, weightDecay=0.01)
optim("Adam", "Adam", lambda ps: torch.optim.Adam(ps, lr=0.01), lr=0.01)
optim("Adam betas, eps, weight decay", "Adam", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
      lr=0.05, betas=[0.8, 0.99], eps=1e-6, weightDecay=0.1)
optim("Adam amsgrad", "Adam", lambda ps: torch.optim.Adam(ps, lr=0.05, amsgrad=True), lr=0.05, amsgrad=True)
optim("SGD maximize", "SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, maximize=True), lr=0.1, momentum=0.9, maximize=True)
optim("AdamW", "AdamW", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), lr=0.01, weightDecay=0.1)
optim("RMSprop", "RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01), lr=0.01)
optim("RMSprop momentum centered", "RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, momentum=0.5, centered=True),
      lr=0.01, alpha=0.9, momentum=0.5, centered=True)
optim("RMSprop weight decay", "RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01, weight_decay=0.1), lr=0.01, weightDecay=0.1)
optim("Adagrad", "Adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.1), lr=0.1)
optim("Adagrad lr decay, weight decay", "Adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.05),
      lr=0.1, lrDecay=0.01, weightDecay=0.05)

# schedulers: the learning rate used by each of the first `steps` epochs/steps
schedulers = []


def sched(name, kind, make, steps, lr=0.1, **options):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    s = make(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    schedulers.append({"name": name, "scheduler": kind, "lr": lr, "options": options, "lrs": lrs})


sched("StepLR", "StepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10, stepSize=3, gamma=0.5)
sched("ExponentialLR", "ExponentialLR", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 8, gamma=0.9)
sched("CosineAnnealingLR", "CosineAnnealingLR", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=6, eta_min=0.01), 9, tMax=6, etaMin=0.01)
sched("OneCycleLR", "OneCycleLR", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=12), 12, lr=1.0, maxLr=1.0, totalSteps=12)
sched("OneCycleLR linear", "OneCycleLR", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=10, pct_start=0.4, anneal_strategy="linear"),
      10, lr=0.5, maxLr=0.5, totalSteps=10, pctStart=0.4, annealStrategy="linear")

out = {
    "library": "torch",
    "version": torch.__version__,
    "script": "scripts/torch-reference.py",
    "dtype": "float64",
    "ops": ops,
    "losses": losses,
    "optimizers": optimizers,
    "schedulers": schedulers,
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "torch-reference.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    # one case per line: readable diffs, a small file
    head = {k: v for k, v in out.items() if not isinstance(v, list)}
    f.write(json.dumps(head)[:-1] + ",\n")
    lists = [k for k, v in out.items() if isinstance(v, list)]
    for i, k in enumerate(lists):
        rows = ",\n".join("  " + json.dumps(c) for c in out[k])
        f.write(f' "{k}": [\n{rows}\n ]' + ("," if i < len(lists) - 1 else "") + "\n")
    f.write("}\n")
n = len(ops) + len(losses) + len(optimizers) + len(schedulers)
print(f"{n} cases ({len(ops)} ops, {len(losses)} losses, {len(optimizers)} optimizers, {len(schedulers)} schedulers) -> {os.path.normpath(path)}")
assert not any(math.isnan(v) for c in ops for v in c["output"]["values"])
