#include <wasm_simd128.h>

// e^x for x ≤ 0 without libc (softmax after subtracting the row maximum): Cephes' expf, about 1 ulp.
// x = n·ln2 + r with |r| ≤ ln2/2; e^r by a degree-6 polynomial; 2^n written into the exponent bits.
static inline float exp_nonpositive(float x) {
  if (x < -87.0f) return 0.0f;  // below the smallest normal float: masked keys
  float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float z = r * r;
  float p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r + 1.6666665459e-1f) * r + 5.0000001201e-1f;
  p = p * z + r + 1.0f;
  union { int i; float f; } scale = { ((int)n + 127) << 23 };
  return p * scale.f;
}

// The same, four lanes at a time (lanes below −87 give 0).
static inline v128_t exp4_nonpositive(v128_t x) {
  v128_t low = wasm_f32x4_splat(-87.0f);
  v128_t under = wasm_f32x4_lt(x, low);
  x = wasm_f32x4_max(x, low);
  v128_t n = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
  v128_t r = wasm_f32x4_add(wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))), wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(r, r);
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, z), r), wasm_f32x4_splat(1.0f));
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_v128_andnot(wasm_f32x4_mul(p, scale), under);
}
