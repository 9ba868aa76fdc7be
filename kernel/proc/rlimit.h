// Resource limits (getrlimit/setrlimit), Linux's resource numbers.
// Each process has its own copy, inherited by fork and clone.
#pragma once

#include "lib/types.h"
#include "param.h"

inline constexpr u64 RLIM_INFINITY = ~0ull;

enum class RlimitResource : int {
    Stack = 3,  // bytes the main stack may grow to
    Nproc = 6,  // processes + threads of the user
    Nofile = 7, // open file descriptors
};

struct ResourceLimit {
    u64 cur;
    u64 max;
};

struct ResourceLimits {
    ResourceLimit stack{8ull << 20, RLIM_INFINITY};
    ResourceLimit nproc{RLIM_INFINITY, RLIM_INFINITY};
    ResourceLimit nofile{NOFILE, NOFILE};

    ResourceLimit* find(int resource) {
        switch (static_cast<RlimitResource>(resource)) {
        case RlimitResource::Stack:
            return &stack;
        case RlimitResource::Nproc:
            return &nproc;
        case RlimitResource::Nofile:
            return &nofile;
        }
        return nullptr;
    }
};
