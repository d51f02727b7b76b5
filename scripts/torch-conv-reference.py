"""Reference outputs and gradients of convolution and pooling from PyTorch, for test/autograd/conv.test.ts.

Run: /usr/bin/python3 scripts/torch-conv-reference.py > test/fixtures/torch-conv.json
Each case: inputs (float64, flattened with shapes), options, the output, and the gradients of
sum(out * r) for a fixed r with respect to every input.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
cases = []


def t(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def enc(x):
    return {'shape': list(x.shape), 'data': x.detach().flatten().tolist()}


def add(name, fn, inputs, options):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    out = fn(*xs)
    r = torch.rand(out.shape, dtype=torch.float64) + 0.5
    (out * r).sum().backward()
    cases.append({'name': name, 'op': name.split(' ')[0], 'options': options, 'inputs': [enc(x) for x in inputs],
                  'r': enc(r), 'out': enc(out), 'grads': [enc(x.grad) for x in xs]})


add('conv2d basic', lambda x, w, b: F.conv2d(x, w, b), [t(2, 3, 7, 6), t(4, 3, 3, 3), t(4)], {})
add('conv2d stride-padding', lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), [t(2, 3, 9, 8), t(5, 3, 3, 3), t(5)], {'stride': 2, 'padding': 1})
add('conv2d dilation', lambda x, w: F.conv2d(x, w, dilation=2, padding=2), [t(1, 2, 9, 9), t(3, 2, 3, 3)], {'dilation': 2, 'padding': 2})
add('conv2d asymmetric', lambda x, w: F.conv2d(x, w, stride=(2, 1), padding=(0, 2), dilation=(1, 2)), [t(2, 2, 8, 7), t(3, 2, 3, 2)], {'stride': [2, 1], 'padding': [0, 2], 'dilation': [1, 2]})
add('conv2d groups', lambda x, w, b: F.conv2d(x, w, b, groups=2, padding=1), [t(2, 4, 6, 5), t(6, 2, 3, 3), t(6)], {'groups': 2, 'padding': 1})
add('conv2d depthwise', lambda x, w: F.conv2d(x, w, groups=3, padding=1), [t(2, 3, 6, 7), t(3, 1, 3, 3)], {'groups': 3, 'padding': 1})
add('conv2d same', lambda x, w: F.conv2d(x, w, padding='same'), [t(1, 2, 6, 5), t(3, 2, 5, 3)], {'padding': 'same'})
add('conv2d 1x1', lambda x, w: F.conv2d(x, w), [t(2, 5, 4, 3), t(3, 5, 1, 1)], {})
add('conv1d', lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), [t(2, 3, 11), t(4, 3, 3), t(4)], {'stride': 2, 'padding': 1})
add('convTranspose2d basic', lambda x, w, b: F.conv_transpose2d(x, w, b), [t(2, 3, 4, 5), t(3, 2, 3, 3), t(2)], {})
add('convTranspose2d stride-padding-output', lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1), [t(2, 3, 4, 4), t(3, 4, 3, 3)], {'stride': 2, 'padding': 1, 'outputPadding': 1})
add('convTranspose2d dilation-groups', lambda x, w: F.conv_transpose2d(x, w, stride=(1, 2), dilation=2, groups=2), [t(1, 4, 3, 4), t(4, 3, 2, 3)], {'stride': [1, 2], 'dilation': 2, 'groups': 2})
add('maxPool2d basic', lambda x: F.max_pool2d(x, 2), [t(2, 3, 6, 7)], {'kernel': 2})
add('maxPool2d stride-padding', lambda x: F.max_pool2d(x, 3, stride=2, padding=1), [t(2, 2, 7, 8)], {'kernel': 3, 'stride': 2, 'padding': 1})
add('maxPool2d ceil', lambda x: F.max_pool2d(x, 2, stride=2, ceil_mode=True), [t(1, 2, 5, 7)], {'kernel': 2, 'stride': 2, 'ceilMode': True})
add('maxPool2d dilation', lambda x: F.max_pool2d(x, 2, stride=1, dilation=2), [t(1, 2, 6, 6)], {'kernel': 2, 'stride': 1, 'dilation': 2})
add('avgPool2d basic', lambda x: F.avg_pool2d(x, 2), [t(2, 3, 6, 7)], {'kernel': 2})
add('avgPool2d padding', lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), [t(2, 2, 7, 8)], {'kernel': 3, 'stride': 2, 'padding': 1})
add('avgPool2d padding-exclude', lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), [t(2, 2, 7, 8)], {'kernel': 3, 'stride': 2, 'padding': 1, 'countIncludePad': False})
add('avgPool2d ceil', lambda x: F.avg_pool2d(x, 2, stride=2, ceil_mode=True), [t(1, 2, 5, 7)], {'kernel': 2, 'stride': 2, 'ceilMode': True})
add('adaptiveAvgPool2d uneven', lambda x: F.adaptive_avg_pool2d(x, (3, 2)), [t(2, 2, 7, 5)], {'size': [3, 2]})
add('adaptiveAvgPool2d global', lambda x: F.adaptive_avg_pool2d(x, 1), [t(2, 3, 5, 4)], {'size': 1})
add('upsample nearest', lambda x: F.interpolate(x, scale_factor=2, mode='nearest'), [t(1, 2, 3, 4)], {'scaleFactor': 2, 'mode': 'nearest'})
add('upsample nearest-size', lambda x: F.interpolate(x, size=(5, 7), mode='nearest'), [t(1, 2, 3, 4)], {'size': [5, 7], 'mode': 'nearest'})
add('upsample bilinear', lambda x: F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False), [t(2, 2, 3, 4)], {'scaleFactor': 2, 'mode': 'bilinear'})
add('upsample bilinear-size', lambda x: F.interpolate(x, size=(5, 6), mode='bilinear', align_corners=False), [t(1, 2, 4, 3)], {'size': [5, 6], 'mode': 'bilinear'})
add('upsample bilinear-corners', lambda x: F.interpolate(x, size=(6, 5), mode='bilinear', align_corners=True), [t(1, 1, 3, 4)], {'size': [6, 5], 'mode': 'bilinear', 'alignCorners': True})

print(json.dumps({'library': f'PyTorch {torch.__version__}', 'script': 'scripts/torch-conv-reference.py', 'cases': cases}))
