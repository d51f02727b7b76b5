"""Reference outputs, final states and gradients of PyTorch's recurrent layers, for test/nn/recurrent.test.ts.

Run: /usr/bin/python3 scripts/torch-rnn-reference.py > test/fixtures/torch-rnn.json
Each case: the module (kind, options), its state dict by PyTorch name (float64), the input,
initial states, lengths (the packed case: pack_padded_sequence / pad_packed_sequence), the output,
final states, and the gradients of sum(out * r) + sum(hN * rh) (+ sum(cN * rc)) with respect to
the input, the initial states and every weight.
"""
import json

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(4321)
torch.set_default_dtype(torch.float64)
cases = []


def enc(x):
    return {'shape': list(x.shape), 'values': x.detach().flatten().tolist()}


def layer_case(name, kind, options, T, N, lengths=None, initial=True):
    cls = {'rnn': nn.RNN, 'lstm': nn.LSTM, 'gru': nn.GRU}[kind]
    torch_opts = {'input_size': options['inputSize'], 'hidden_size': options['hiddenSize'],
                  'num_layers': options.get('numLayers', 1), 'bidirectional': options.get('bidirectional', False),
                  'batch_first': options.get('batchFirst', False), 'bias': options.get('bias', True)}
    if kind == 'rnn':
        torch_opts['nonlinearity'] = options.get('nonlinearity', 'tanh')
    m = cls(**torch_opts)
    D = 2 if torch_opts['bidirectional'] else 1
    L, H = torch_opts['num_layers'], torch_opts['hidden_size']
    shape = (N, T, torch_opts['input_size']) if torch_opts['batch_first'] else (T, N, torch_opts['input_size'])
    x = torch.randn(*shape, requires_grad=True)
    states = [torch.randn(L * D, N, H, requires_grad=True) for _ in range(2 if kind == 'lstm' else 1)] if initial else []
    s0 = None if not initial else (tuple(states) if kind == 'lstm' else states[0])
    if lengths is None:
        out, sN = m(x, s0)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=torch_opts['batch_first'], enforce_sorted=False)
        out, sN = m(packed, s0)
        out, _ = pad_packed_sequence(out, batch_first=torch_opts['batch_first'], total_length=T)
    finals = list(sN) if kind == 'lstm' else [sN]
    r = torch.rand(out.shape) + 0.5
    rs = [torch.rand(s.shape) + 0.5 for s in finals]
    loss = (out * r).sum() + sum((s * w).sum() for s, w in zip(finals, rs))
    loss.backward()
    cases.append({
        'name': name, 'kind': kind, 'options': options, 'lengths': lengths,
        'stateDict': {k: enc(v) for k, v in m.state_dict().items()},
        'input': enc(x), 'initial': [enc(s) for s in states],
        'output': enc(out), 'final': [enc(s) for s in finals],
        'gradOutput': enc(r), 'gradFinal': [enc(w) for w in rs],
        'grads': {'input': enc(x.grad), 'initial': [enc(s.grad) for s in states],
                  'weights': {k: enc(p.grad) for k, p in m.named_parameters()}},
    })


def cell_case(name, kind, options, N):
    cls = {'rnn': nn.RNNCell, 'lstm': nn.LSTMCell, 'gru': nn.GRUCell}[kind]
    kw = {'bias': options.get('bias', True)}
    if kind == 'rnn':
        kw['nonlinearity'] = options.get('nonlinearity', 'tanh')
    m = cls(options['inputSize'], options['hiddenSize'], **kw)
    x = torch.randn(N, options['inputSize'], requires_grad=True)
    states = [torch.randn(N, options['hiddenSize'], requires_grad=True) for _ in range(2 if kind == 'lstm' else 1)]
    out = m(x, tuple(states) if kind == 'lstm' else states[0])
    finals = list(out) if kind == 'lstm' else [out]
    rs = [torch.rand(s.shape) + 0.5 for s in finals]
    sum((s * w).sum() for s, w in zip(finals, rs)).backward()
    cases.append({
        'name': name, 'kind': kind + 'Cell', 'options': options, 'lengths': None,
        'stateDict': {k: enc(v) for k, v in m.state_dict().items()},
        'input': enc(x), 'initial': [enc(s) for s in states],
        'output': None, 'final': [enc(s) for s in finals], 'gradOutput': None, 'gradFinal': [enc(w) for w in rs],
        'grads': {'input': enc(x.grad), 'initial': [enc(s.grad) for s in states],
                  'weights': {k: enc(p.grad) for k, p in m.named_parameters()}},
    })


cell_case('RNNCell tanh', 'rnn', {'inputSize': 3, 'hiddenSize': 4}, 2)
cell_case('RNNCell relu', 'rnn', {'inputSize': 3, 'hiddenSize': 4, 'nonlinearity': 'relu'}, 2)
cell_case('LSTMCell', 'lstm', {'inputSize': 3, 'hiddenSize': 4}, 2)
cell_case('GRUCell', 'gru', {'inputSize': 3, 'hiddenSize': 4}, 2)
layer_case('RNN tanh 2 layers', 'rnn', {'inputSize': 3, 'hiddenSize': 4, 'numLayers': 2}, 5, 3)
layer_case('RNN relu bidirectional batchFirst', 'rnn', {'inputSize': 3, 'hiddenSize': 4, 'nonlinearity': 'relu', 'bidirectional': True, 'batchFirst': True}, 4, 2)
layer_case('LSTM 2 layers bidirectional', 'lstm', {'inputSize': 3, 'hiddenSize': 4, 'numLayers': 2, 'bidirectional': True}, 5, 3)
layer_case('LSTM batchFirst no initial state', 'lstm', {'inputSize': 5, 'hiddenSize': 3, 'batchFirst': True}, 4, 2, initial=False)
layer_case('GRU 2 layers bidirectional batchFirst', 'gru', {'inputSize': 3, 'hiddenSize': 4, 'numLayers': 2, 'bidirectional': True, 'batchFirst': True}, 5, 3)
layer_case('GRU no bias', 'gru', {'inputSize': 4, 'hiddenSize': 3, 'bias': False}, 4, 2)
layer_case('LSTM packed lengths bidirectional', 'lstm', {'inputSize': 3, 'hiddenSize': 4, 'numLayers': 2, 'bidirectional': True}, 6, 3, lengths=[6, 2, 4])
layer_case('GRU packed lengths batchFirst', 'gru', {'inputSize': 3, 'hiddenSize': 4, 'bidirectional': True, 'batchFirst': True}, 5, 3, lengths=[3, 5, 1])
layer_case('RNN tanh packed lengths', 'rnn', {'inputSize': 3, 'hiddenSize': 4, 'numLayers': 2}, 5, 3, lengths=[2, 5, 4])

print(json.dumps({'library': 'PyTorch', 'version': torch.__version__, 'script': 'scripts/torch-rnn-reference.py', 'cases': cases}))
