// Layer normalisation over the last axis of rows [n, w], forward and backward, for tfjs's wasm backend (see
// src/models/ops.ts for the same arithmetic as tf ops, and gemm.c for how the module shares tfjs's memory).
// As tf ops the pair is ~21 kernel calls and as many passes over the rows; here one pass each way.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static float hsum(v128_t s) {
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
}

// y = x̂·γ + β with x̂ = (x − μ)·r, r = 1/√(var + ε); x̂ and r are kept for the backward pass. w % 4 == 0.
EXPORT(layernorm_forward)
void layernorm_forward(const float* x, const float* gamma, const float* beta, float* y, float* xhat, float* rstd, int n, int w, float eps) {
  float inv_w = 1.0f / (float)w;
  for (int i = 0; i < n; i++) {
    const float* xi = x + i * w;
    v128_t s = wasm_f32x4_splat(0);
    for (int e = 0; e < w; e += 4) s = wasm_f32x4_add(s, wasm_v128_load(xi + e));
    v128_t mean = wasm_f32x4_splat(hsum(s) * inv_w);
    s = wasm_f32x4_splat(0);
    for (int e = 0; e < w; e += 4) {
      v128_t c = wasm_f32x4_sub(wasm_v128_load(xi + e), mean);
      s = wasm_f32x4_add(s, wasm_f32x4_mul(c, c));
    }
    float r = 1.0f / __builtin_sqrtf(hsum(s) * inv_w + eps);
    rstd[i] = r;
    v128_t vr = wasm_f32x4_splat(r);
    for (int e = 0; e < w; e += 4) {
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xi + e), mean), vr);
      wasm_v128_store(xhat + i * w + e, h);
      wasm_v128_store(y + i * w + e, wasm_f32x4_add(wasm_f32x4_mul(h, wasm_v128_load(gamma + e)), wasm_v128_load(beta + e)));
    }
  }
}

// dx = r·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ; dγ = Σ_rows dy·x̂; dβ = Σ_rows dy. w % 4 == 0.
EXPORT(layernorm_backward)
void layernorm_backward(const float* dy, const float* xhat, const float* rstd, const float* gamma, float* dx, float* dgamma, float* dbeta, int n, int w) {
  float inv_w = 1.0f / (float)w;
  for (int e = 0; e < w; e++) dgamma[e] = dbeta[e] = 0.0f;
  for (int i = 0; i < n; i++) {
    const float* d = dy + i * w;
    const float* h = xhat + i * w;
    v128_t sg = wasm_f32x4_splat(0), sgh = wasm_f32x4_splat(0);
    for (int e = 0; e < w; e += 4) {
      v128_t de = wasm_v128_load(d + e), he = wasm_v128_load(h + e);
      v128_t g = wasm_f32x4_mul(de, wasm_v128_load(gamma + e));
      sg = wasm_f32x4_add(sg, g);
      sgh = wasm_f32x4_add(sgh, wasm_f32x4_mul(g, he));
      wasm_v128_store(dgamma + e, wasm_f32x4_add(wasm_v128_load(dgamma + e), wasm_f32x4_mul(de, he)));
      wasm_v128_store(dbeta + e, wasm_f32x4_add(wasm_v128_load(dbeta + e), de));
    }
    v128_t mg = wasm_f32x4_splat(hsum(sg) * inv_w), mgh = wasm_f32x4_splat(hsum(sgh) * inv_w), r = wasm_f32x4_splat(rstd[i]);
    for (int e = 0; e < w; e += 4) {
      v128_t g = wasm_f32x4_mul(wasm_v128_load(d + e), wasm_v128_load(gamma + e));
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(g, mg), wasm_f32x4_mul(wasm_v128_load(h + e), mgh));
      wasm_v128_store(dx + i * w + e, wasm_f32x4_mul(r, t));
    }
  }
}
