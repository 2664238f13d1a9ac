// One Adam (AdamW) update of a parameter tensor on tfjs's wasm backend, in one pass instead of twelve kernel calls
// (see src/train/adam.ts for the same arithmetic as tf ops, and gemm.c for how the module shares tfjs's memory):
// m' = β1·m + (1 − β1)·g;  v' = β2·v + (1 − β2)·g²;  x' = x − step·m' / (√v' + ε) − decay·x.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(adam_update)
void adam_update(const float* x, const float* g, const float* m, const float* v, float* x2, float* m2, float* v2, int size,
                 float b1, float b2, float step, float eps, float decay) {
  v128_t vb1 = wasm_f32x4_splat(b1), vb1c = wasm_f32x4_splat(1.0f - b1), vb2 = wasm_f32x4_splat(b2), vb2c = wasm_f32x4_splat(1.0f - b2);
  v128_t vstep = wasm_f32x4_splat(step), veps = wasm_f32x4_splat(eps), vdecay = wasm_f32x4_splat(decay);
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t gi = wasm_v128_load(g + i), xi = wasm_v128_load(x + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gi, vb1c));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), vb2c));
    v128_t upd = wasm_f32x4_mul(wasm_f32x4_div(mi, wasm_f32x4_add(wasm_f32x4_sqrt(vi), veps)), vstep);
    wasm_v128_store(m2 + i, mi);
    wasm_v128_store(v2 + i, vi);
    wasm_v128_store(x2 + i, wasm_f32x4_sub(wasm_f32x4_sub(xi, upd), wasm_f32x4_mul(xi, vdecay)));
  }
  for (; i < size; i++) {
    float mi = m[i] * b1 + g[i] * (1.0f - b1);
    float vi = v[i] * b2 + g[i] * g[i] * (1.0f - b2);
    m2[i] = mi;
    v2[i] = vi;
    x2[i] = x[i] - mi / (__builtin_sqrtf(vi) + eps) * step - x[i] * decay;
  }
}
