// The machine's multiply-add ceiling as this build runs it: twelve independent accumulators in registers, no memory,
// so the loop is bound by the CPU's vector units alone. `clip-workshop bench` divides each product's GFLOP/s by it.
#include "simd.h"

#define EXPORT(name) __attribute__((export_name(#name)))

// n rounds of 12 four-lane multiply-adds (96 floating-point operations each); the sum is returned so none is dropped.
EXPORT(simd_peak) float simd_peak(int n, float x, float y) {
  v128_t a = wasm_f32x4_splat(x), b = wasm_f32x4_splat(y);
  v128_t c0 = a, c1 = b, c2 = wasm_f32x4_add(a, b), c3 = wasm_f32x4_sub(a, b), c4 = wasm_f32x4_mul(a, a), c5 = wasm_f32x4_mul(b, b);
  v128_t c6 = wasm_f32x4_mul(a, b), c7 = wasm_f32x4_add(a, a), c8 = wasm_f32x4_add(b, b), c9 = wasm_f32x4_sub(b, a), c10 = wasm_f32x4_neg(a), c11 = wasm_f32x4_neg(b);
  for (int i = 0; i < n; i++) {
    c0 = MADD(c0, a, b); c1 = MADD(c1, a, b); c2 = MADD(c2, a, b); c3 = MADD(c3, a, b); c4 = MADD(c4, a, b); c5 = MADD(c5, a, b);
    c6 = MADD(c6, a, b); c7 = MADD(c7, a, b); c8 = MADD(c8, a, b); c9 = MADD(c9, a, b); c10 = MADD(c10, a, b); c11 = MADD(c11, a, b);
  }
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(c0, c1), wasm_f32x4_add(c2, c3)), wasm_f32x4_add(wasm_f32x4_add(c4, c5), wasm_f32x4_add(c6, c7)));
  s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_add(c8, c9), wasm_f32x4_add(c10, c11)));
  return wasm_f32x4_extract_lane(s, 0);
}
