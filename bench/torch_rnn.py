# The PyTorch side of bench/rnn.ts: LSTM forward + backward steps per second.
# usage: python3 torch_rnn.py INPUT HIDDEN BATCH SEQ STEPS THREADS  → one JSON line
import json, sys, time
import torch

inp, hidden, batch, seq, steps, threads = map(int, sys.argv[1:7])
torch.set_num_threads(threads)
torch.manual_seed(0)
lstm = torch.nn.LSTM(inp, hidden)
x = torch.randn(seq, batch, inp, requires_grad=True)

def step():
    lstm.zero_grad()
    out, _ = lstm(x)
    out.sum().backward()

step()  # warm-up
best = float('inf')
for _ in range(3):
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    best = min(best, (time.perf_counter() - t0) / steps)
print(json.dumps({'library': f'PyTorch {torch.__version__}', 'secondsPerStep': best}))
