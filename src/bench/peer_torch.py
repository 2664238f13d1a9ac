"""The kit's reference training step in PyTorch, for `clip-workshop bench --peer torch`.

The same model, batch and Adam step as the kit's reference step: batch 128, 16x16 images in 4x4 patches,
width 64, one pre-norm transformer block per tower (2 heads, MLP x2, QuickGELU), 12 text tokens, 64-d
embeddings, CLIP's symmetric loss, Adam. Synthetic inputs, as the kit's own benchmark uses.

Protocol (one JSON object per line on stdout): after start-up it prints {"ready": true, ...versions};
then for each line "STEPS" on stdin it times that many steps (after 3 warm-up steps the first time)
and prints {"msPerStep": median wall ms, "cpuMsPerStep": median CPU ms}. An empty line or EOF ends it.
Threads: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS come from the caller; --threads sets torch's own.
"""
import argparse
import ctypes
import json
import math
import platform
import statistics
import sys
import time


def keep_freed_memory():
    """glibc's mallopt: keep freed buffers in the heap (no trimming, no mmap for big tensors), as tuned users do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    ok_trim = libc.mallopt(m_trim_threshold, 1 << 30)
    ok_mmap = libc.mallopt(m_mmap_threshold, 32 << 20)  # glibc's largest allowed threshold on 64-bit
    return bool(ok_trim and ok_mmap)


def blas_config():
    """OpenBLAS's configuration line (version, CPU kernel, thread limit), or None when torch's BLAS is another."""
    for name in ("libopenblas.so.0", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_get_config.restype = ctypes.c_char_p
            return lib.openblas_get_config().decode()
        except (OSError, AttributeError):
            continue
    return None


def build(torch, vocab, seed):
    nn = torch.nn
    F = torch.nn.functional
    torch.manual_seed(seed)

    class QuickGelu(nn.Module):
        def forward(self, x):
            return x * torch.sigmoid(1.702 * x)

    class Block(nn.Module):
        """x + out(attn(ln1 x)), then x + fc2(gelu(fc1(ln2 x))): the kit's transformer block."""

        def __init__(self, width, heads, ratio):
            super().__init__()
            self.heads = heads
            self.ln1 = nn.LayerNorm(width)
            self.q, self.k, self.v, self.out = (nn.Linear(width, width) for _ in range(4))
            self.ln2 = nn.LayerNorm(width)
            self.fc1 = nn.Linear(width, width * ratio)
            self.act = QuickGelu()
            self.fc2 = nn.Linear(width * ratio, width)

        def forward(self, x, key_mask=None):
            b, n, w = x.shape
            d = w // self.heads
            h = self.ln1(x)
            split = lambda t: t.view(b, n, self.heads, d).transpose(1, 2)
            q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
            scores = q @ k.transpose(-1, -2) / math.sqrt(d)
            if key_mask is not None:
                scores = scores + (1.0 - key_mask[:, None, None, :]) * -1e9
            a = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w)
            x = x + self.out(a)
            return x + self.fc2(self.act(self.fc1(self.ln2(x))))

    class Clip(nn.Module):
        def __init__(self, image=16, patch=4, width=64, context=12, embed=64, heads=2, ratio=2):
            super().__init__()
            self.patch = patch
            n = (image // patch) ** 2
            self.patch_embed = nn.Linear(patch * patch * 3, width)
            self.image_pos = nn.Parameter(torch.randn(n, width) * 0.02)
            self.image_block = Block(width, heads, ratio)
            self.image_ln = nn.LayerNorm(width)
            self.image_proj = nn.Linear(width, embed, bias=False)
            self.token = nn.Embedding(vocab, width)
            self.text_pos = nn.Parameter(torch.randn(context, width) * 0.02)
            self.text_block = Block(width, heads, ratio)
            self.text_ln = nn.LayerNorm(width)
            self.text_proj = nn.Linear(width, embed, bias=False)
            self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

        def forward(self, images, ids, mask):
            b, s, _, c = images.shape
            p = self.patch
            x = images.view(b, s // p, p, s // p, p, c).permute(0, 1, 3, 2, 4, 5).reshape(b, (s // p) ** 2, p * p * c)
            h = self.patch_embed((x - 0.5) / 0.5) + self.image_pos
            h = self.image_ln(self.image_block(h)).mean(1)
            img = F.normalize(self.image_proj(h), dim=-1)
            t = self.token(ids) + self.text_pos
            t = self.text_ln(self.text_block(t, mask))
            t = (t * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
            txt = F.normalize(self.text_proj(t), dim=-1)
            return self.logit_scale.exp().clamp(max=100) * img @ txt.t()

    return Clip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--vocab", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mallopt = keep_freed_memory()
    import torch  # after mallopt, so that torch's own allocations follow it

    torch.set_num_threads(args.threads)
    F = torch.nn.functional
    model = build(torch, args.vocab, args.seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(args.seed)
    images = torch.rand(args.batch, 16, 16, 3, generator=gen)
    ids = torch.randint(4, args.vocab, (args.batch, 12), generator=gen)
    mask = torch.ones(args.batch, 12)
    labels = torch.arange(args.batch)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(images, ids, mask)
        loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    print(json.dumps({"ready": True, "torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(), "mallopt": mallopt, "parameters": sum(p.numel() for p in model.parameters()), "blas": blas_config()}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        walls, cpus = [], []
        for _ in range(int(line)):
            t0, c0 = time.perf_counter(), time.process_time()
            step()
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        print(json.dumps({"msPerStep": statistics.median(walls), "cpuMsPerStep": statistics.median(cpus)}), flush=True)


if __name__ == "__main__":
    main()
