"""Reference values for src/audio (WAV decoding and spectral features), for test/audio/features.test.ts.

Run: /usr/bin/python3 scripts/audio-reference.py > test/fixtures/audio-features.json
WAV: scipy.io.wavfile reads an FSDD recording (../shared/data/fsdd). Power spectrogram: torch.stft
(periodic Hann window, center=True, reflect padding). Mel filterbank: NumPy transcription of
librosa.filters.mel (Slaney scale, Slaney norm; and htk=True, norm=None, which is torchaudio's
melscale_fbanks default). dB: librosa.power_to_db's formula (amin 1e-10, top_db 80). DCT: scipy.fft.dct
(type 2, norm='ortho'), as librosa.feature.mfcc.
"""
import json
import os

import numpy as np
import scipy
import scipy.fft
import scipy.io.wavfile
import torch

here = os.path.dirname(os.path.abspath(__file__))
wav_name = '0_jackson_0.wav'
sr, pcm = scipy.io.wavfile.read(os.path.join(here, '..', '..', 'shared', 'data', 'fsdd', 'recordings', wav_name))
signal = pcm.astype(np.float64) / 32768

rng = np.random.default_rng(7)
t = np.arange(1000) / 8000
synthetic = 0.5 * np.sin(2 * np.pi * (300 + 1500 * t) * t) + 0.1 * rng.standard_normal(1000)
n_fft, hop = 256, 80


def power(x):
    s = torch.stft(torch.tensor(x), n_fft, hop_length=hop, window=torch.hann_window(n_fft, dtype=torch.float64),
                   center=True, pad_mode='reflect', return_complex=True)
    return (s.abs() ** 2).T.numpy()  # [frames, bins]


def hz_to_mel(f, htk):
    f = np.asanyarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp, min_log_hz, logstep = 200.0 / 3, 1000.0, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_hz / f_sp + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m, htk):
    m = np.asanyarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp, min_log_hz, logstep = 200.0 / 3, 1000.0, np.log(6.4) / 27.0
    min_log_mel = min_log_hz / f_sp
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm):
    fftfreqs = np.linspace(0, sr / 2, n_fft // 2 + 1)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    w = np.maximum(0, np.minimum(lower, upper))
    if norm == 'slaney':
        w *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return w


def power_to_db(s, amin=1e-10, top_db=80.0):
    db = 10.0 * np.log10(np.maximum(amin, s))
    return np.maximum(db, db.max() - top_db)


def enc(x):
    x = np.asarray(x, dtype=np.float64)
    return {'shape': list(x.shape), 'values': x.flatten().tolist()}


fb = mel_filters(8000, n_fft, 40, 0, 4000, False, 'slaney')
fb_htk = mel_filters(8000, n_fft, 23, 20, 3800, True, None)
logmel = power_to_db(power(synthetic) @ fb.T)
real_logmel = power_to_db(power(signal) @ fb.T)
out = {
    'library': f'NumPy {np.__version__}, SciPy {scipy.__version__}, PyTorch {torch.__version__}',
    'script': 'scripts/audio-reference.py',
    'options': {'sampleRate': 8000, 'nFft': n_fft, 'hopLength': hop, 'nMels': 40, 'nMfcc': 13},
    'wav': {'file': wav_name, 'sampleRate': int(sr), 'length': int(len(pcm)), 'head': enc(signal[:64]),
            'sum': float(signal.sum()), 'sumSquares': float((signal ** 2).sum())},
    'synthetic': enc(synthetic),
    'power': enc(power(synthetic)),
    'melSlaney': enc(fb),
    'melHtk': {'options': {'sampleRate': 8000, 'nFft': n_fft, 'nMels': 23, 'fMin': 20, 'fMax': 3800, 'scale': 'htk', 'norm': None},
               'values': enc(fb_htk)},
    'logMel': enc(logmel),
    'mfcc': enc(scipy.fft.dct(logmel, type=2, norm='ortho', axis=1)[:, :13]),
    'wavMfcc': enc(scipy.fft.dct(real_logmel, type=2, norm='ortho', axis=1)[:, :13]),
}
print(json.dumps(out))
