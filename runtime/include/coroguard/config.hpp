// coroguard/config.hpp — compiler portability macros used by the runtime headers.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define COROGUARD_ALWAYS_INLINE [[gnu::always_inline]] inline
#define COROGUARD_NOINLINE [[gnu::noinline]]
#define COROGUARD_LIKELY(x) __builtin_expect(!!(x), 1)
#define COROGUARD_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define COROGUARD_ALWAYS_INLINE inline
#define COROGUARD_NOINLINE
#define COROGUARD_LIKELY(x) (x)
#define COROGUARD_UNLIKELY(x) (x)
#endif
