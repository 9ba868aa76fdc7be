// The machine-wide count of committed pages (see commit.h).
#include "mm/commit.h"
#include "lib/panic.h"

namespace {

constinit commit::Policy policy = commit::Policy::Strict;
constinit usize limit = 0;     // set once by init, before any process exists
constinit usize reserve = 0;   // likewise
constinit usize committed = 0; // atomic: see commit.h

} // namespace

namespace commit {

void init(usize free_pages, Policy chosen) {
    policy = chosen;
    reserve = free_pages / RESERVE_FRACTION;
    if (reserve < RESERVE_MIN_PAGES) reserve = RESERVE_MIN_PAGES;
    limit = free_pages > reserve ? free_pages - reserve : 0;
}

Result<void> charge(usize pages) {
    usize now = __atomic_load_n(&committed, __ATOMIC_RELAXED);
    for (;;) {
        if (policy == Policy::Strict && (pages > limit || now > limit - pages))
            return Errno::ENOMEM;
        // On failure `now` is reloaded: someone else charged or released.
        if (__atomic_compare_exchange_n(&committed, &now, now + pages, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return ok();
    }
}

void release(usize pages) {
    usize before = __atomic_fetch_sub(&committed, pages, __ATOMIC_RELAXED);
    if (before < pages) panic("commit::release: %zu pages, only %zu committed", pages, before);
}

usize committed_pages() {
    return __atomic_load_n(&committed, __ATOMIC_RELAXED);
}

usize limit_pages() {
    return policy == Policy::Overcommit ? NO_LIMIT : limit;
}

usize reserve_pages() {
    return reserve;
}

} // namespace commit
