// Multi-head self-attention on rows, forward and backward, for tfjs's wasm backend (see gemm.c for how the
// module shares tfjs's memory). q, k, v, out [b·n, w] hold b sequences of n tokens; head h is columns h·d..h·d+d−1.
// Why a kernel: with n = 12–16 tokens the sums are tiny, and as tfjs ops they cost ~150 kernel calls a step
// (layout transposes, products, softmax, its gradient); here they read the heads in place.
#include <wasm_simd128.h>
#include "exp.h"

#define EXPORT(name) __attribute__((export_name(#name)))

// out[0..len) = Σ_t coef[t·cs] · rows[t·rs .. t·rs + len): every product below is one of these, 16 floats at a time in registers.
static void combine(float* out, const float* coef, int cs, const float* rows, int rs, int count, int len) {
  int e = 0;
  for (; e + 16 <= len; e += 16) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (int t = 0; t < count; t++) {
      v128_t c = wasm_v128_load32_splat(coef + t * cs);
      const float* r = rows + t * rs + e;
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(c, wasm_v128_load(r)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(c, wasm_v128_load(r + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(c, wasm_v128_load(r + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(c, wasm_v128_load(r + 12)));
    }
    wasm_v128_store(out + e, a0); wasm_v128_store(out + e + 4, a1); wasm_v128_store(out + e + 8, a2); wasm_v128_store(out + e + 12, a3);
  }
  for (; e + 4 <= len; e += 4) {
    v128_t a = wasm_f32x4_splat(0);
    for (int t = 0; t < count; t++) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load32_splat(coef + t * cs), wasm_v128_load(rows + t * rs + e)));
    wasm_v128_store(out + e, a);
  }
  for (; e < len; e++) {
    float a = 0.0f;
    for (int t = 0; t < count; t++) a += coef[t * cs] * rows[t * rs + e];
    out[e] = a;
  }
}

// dst [d, n] = the head's columns of rows src (n rows of stride w), transposed.
static void transpose_head(float* dst, const float* src, int n, int w, int d) {
  for (int j = 0; j < n; j++)
    for (int e = 0; e < d; e++) dst[e * n + j] = src[j * w + e];
}

// out = softmax(q kᵀ·scale + (1 − mask)·(−1e9)) v per sequence and head; probs [b, heads, n, n] keeps P for the backward.
// mask [b, n] (1 = real key) or 0 for none; scratch holds d·n floats.
EXPORT(attention_forward)
void attention_forward(const float* q, const float* k, const float* v, const float* mask, float* out, float* probs, float* scratch,
                       int b, int n, int w, int heads, float scale) {
  int d = w / heads;
  for (int s = 0; s < b; s++)
    for (int h = 0; h < heads; h++) {
      int base = s * n * w + h * d;
      float* P = probs + (s * heads + h) * n * n;
      transpose_head(scratch, k + base, n, w, d);
      for (int i = 0; i < n; i++) {
        float* p = P + i * n;
        combine(p, q + base + i * w, 1, scratch, n, d, n);  // scores of query i against every key
        float max = -3.4e38f;
        for (int j = 0; j < n; j++) {
          float x = p[j] * scale;
          if (mask) x += (1.0f - mask[s * n + j]) * -1e9f;
          p[j] = x;
          if (x > max) max = x;
        }
        float sum = 0.0f;
        for (int j = 0; j < n; j++) sum += (p[j] = exp_nonpositive(p[j] - max));
        float inv = 1.0f / sum;
        for (int j = 0; j < n; j++) p[j] *= inv;
        combine(out + base + i * w, p, 1, v + base, w, n, d);
      }
    }
}

// Given dout, the gradients of q, k and v: with dP = dout vᵀ and dS = P ⊙ (dP − Σ_j P ⊙ dP)·scale,
// dq = dS k, dk = dSᵀ q, dv = Pᵀ dout. scratch holds d·n + n·n floats (vᵀ of the head, then dS).
EXPORT(attention_backward)
void attention_backward(const float* q, const float* k, const float* v, const float* probs, const float* dout,
                        float* dq, float* dk, float* dv, float* scratch, int b, int n, int w, int heads, float scale) {
  int d = w / heads;
  float* vt = scratch;
  float* dS = scratch + d * n;
  for (int s = 0; s < b; s++)
    for (int h = 0; h < heads; h++) {
      int base = s * n * w + h * d;
      const float* P = probs + (s * heads + h) * n * n;
      transpose_head(vt, v + base, n, w, d);
      for (int i = 0; i < n; i++) {
        const float* p = P + i * n;
        float* row = dS + i * n;
        combine(row, dout + base + i * w, 1, vt, n, d, n);  // dP row i
        float pdp = 0.0f;
        for (int j = 0; j < n; j++) pdp += p[j] * row[j];
        for (int j = 0; j < n; j++) row[j] = p[j] * (row[j] - pdp) * scale;
      }
      for (int i = 0; i < n; i++) combine(dq + base + i * w, dS + i * n, 1, k + base, w, n, d);
      for (int j = 0; j < n; j++) {
        combine(dk + base + j * w, dS + j, n, q + base, w, n, d);
        combine(dv + base + j * w, P + j, n, dout + base, w, n, d);
      }
    }
}
