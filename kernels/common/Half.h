#pragma once
// IEEE 754 binary16 <-> binary32 conversion for the CPU backend (C++20 has no std::float16_t
// yet and F16C intrinsics are not on every CPU we support; cuda_fp16.h does this on the GPU).
#include <cstdint>
#include <cstring>

namespace cocoon::kernels {

inline float halfToFloat(std::uint16_t h)
{
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1fu;
    std::uint32_t mant = h & 0x3ffu;
    std::uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { // subnormal: normalise
            exp = 127 - 15 + 1;
            while ((mant & 0x400u) == 0) {
                mant <<= 1;
                --exp;
            }
            mant &= 0x3ffu;
            bits = sign | (exp << 23) | (mant << 13);
        }
    } else if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13); // inf / nan
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

/// Round to nearest, ties to even (what __float2half_rn does).
inline std::uint16_t floatToHalf(float f)
{
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    const std::uint16_t sign = std::uint16_t((x >> 16) & 0x8000u);
    const std::uint32_t absx = x & 0x7fffffffu;
    if (absx >= 0x7f800000u) { // inf or nan
        return std::uint16_t(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0u));
    }
    if (absx >= 0x477ff000u) { // rounds to >= 65520: overflow to inf
        return std::uint16_t(sign | 0x7c00u);
    }
    if (absx < 0x38800000u) { // below the smallest normal half: subnormal or zero
        if (absx < 0x33000000u) {
            return sign; // < 2^-25 rounds to zero
        }
        const std::uint32_t exp = absx >> 23;
        const std::uint32_t mant = (absx & 0x7fffffu) | 0x800000u;
        const int shift = int(126 - exp); // half subnormals count units of 2^-24: drop (126 - exp) bits
        std::uint32_t half = mant >> shift;
        const std::uint32_t rem = mant & ((1u << shift) - 1);
        const std::uint32_t mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1u))) {
            ++half;
        }
        return std::uint16_t(sign | half);
    }
    std::uint32_t half = ((absx >> 13) - ((127 - 15) << 10)) & 0xffffu;
    const std::uint32_t rem = absx & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (half & 1u))) {
        ++half; // may carry into the exponent, which is correct
    }
    return std::uint16_t(sign | half);
}

} // namespace cocoon::kernels
