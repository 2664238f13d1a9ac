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
