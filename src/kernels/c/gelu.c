// QuickGELU, CLIP's activation x·σ(1.702x), forward and backward for tfjs's wasm backend (see src/models/ops.ts for
// the same arithmetic as tf ops, and gemm.c for how the module shares tfjs's memory): one pass each way instead of 3 + 6 kernel calls.
#include <wasm_simd128.h>
#include "exp.h"

#define EXPORT(name) __attribute__((export_name(#name)))

// σ(z) from e^(−|z|) (never overflows): 1/(1 + t) for z ≥ 0, t/(1 + t) below.
static inline v128_t sigmoid4(v128_t z) {
  v128_t t = exp4_nonpositive(wasm_f32x4_neg(wasm_f32x4_abs(z)));
  v128_t inv = wasm_f32x4_div(wasm_f32x4_splat(1.0f), wasm_f32x4_add(wasm_f32x4_splat(1.0f), t));
  return wasm_v128_bitselect(inv, wasm_f32x4_mul(t, inv), wasm_f32x4_ge(z, wasm_f32x4_splat(0.0f)));
}

static inline float sigmoid1(float z) {
  float t = exp_nonpositive(z < 0.0f ? z : -z);
  return z >= 0.0f ? 1.0f / (1.0f + t) : t / (1.0f + t);
}

// y = x·s with s = σ(1.702x); s is kept for the backward pass.
EXPORT(gelu_forward)
void gelu_forward(const float* x, float* y, float* s, int size) {
  v128_t k = wasm_f32x4_splat(1.702f);
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t xi = wasm_v128_load(x + i);
    v128_t si = sigmoid4(wasm_f32x4_mul(xi, k));
    wasm_v128_store(s + i, si);
    wasm_v128_store(y + i, wasm_f32x4_mul(xi, si));
  }
  for (; i < size; i++) {
    s[i] = sigmoid1(1.702f * x[i]);
    y[i] = x[i] * s[i];
  }
}

// dx = dy·(s + 1.702·y·(1 − s)).
EXPORT(gelu_backward)
void gelu_backward(const float* dy, const float* s, const float* y, float* dx, int size) {
  v128_t k = wasm_f32x4_splat(1.702f), one = wasm_f32x4_splat(1.0f);
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t si = wasm_v128_load(s + i);
    v128_t t = wasm_f32x4_add(si, wasm_f32x4_mul(wasm_f32x4_mul(k, wasm_v128_load(y + i)), wasm_f32x4_sub(one, si)));
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), t));
  }
  for (; i < size; i++) dx[i] = dy[i] * (s[i] + 1.702f * y[i] * (1.0f - s[i]));
}
