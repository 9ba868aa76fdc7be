#include "mm/pagetable.h"
#include "lib/panic.h"
#include "mm/page_alloc.h"

using namespace riscv;

namespace pagetable {

pte_t* walk(pagetable_t root, u64 va, Create create) {
    if (va >= MAXVA) return nullptr;
    pagetable_t table = root;
    for (int level = 2; level > 0; level--) {
        pte_t* pte = &table[px(level, va)];
        if (*pte & PTE_V) {
            table = reinterpret_cast<pagetable_t>(pte_to_pa(*pte));
            continue;
        }
        if (create == Create::No) return nullptr;
        auto* next = static_cast<pagetable_t>(page_alloc::alloc_page());
        if (!next) return nullptr;
        *pte = pa_to_pte(reinterpret_cast<u64>(next)) | PTE_V;
        table = next;
    }
    return &table[px(0, va)];
}

Result<void> map_range(pagetable_t root, u64 va, u64 size, u64 pa, u64 perm) {
    if (va % PGSIZE || size % PGSIZE || size == 0) panic("map_range: unaligned");
    for (u64 off = 0; off < size; off += PGSIZE) {
        pte_t* pte = walk(root, va + off, Create::Yes);
        if (!pte) return Errno::ENOMEM;
        if (*pte & PTE_V) return Errno::EEXIST;
        *pte = pa_to_pte(pa + off) | perm | PTE_V;
    }
    return ok();
}

void unmap_range(pagetable_t root, u64 va, usize npages, FreePages free) {
    for (u64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
        pte_t* pte = walk(root, a, Create::No);
        if (!pte || !(*pte & PTE_V)) continue; // never mapped (e.g. a lazy page)
        if (free == FreePages::Yes) page_alloc::page_unref(pte_to_pa(*pte));
        *pte = 0;
    }
}

void free_pagetable(pagetable_t table) {
    for (usize i = 0; i < 512; i++) {
        pte_t pte = table[i];
        if (!(pte & PTE_V)) continue;
        if (pte & (PTE_R | PTE_W | PTE_X)) panic("free_pagetable: leaf still mapped");
        free_pagetable(reinterpret_cast<pagetable_t>(pte_to_pa(pte)));
        table[i] = 0;
    }
    page_alloc::free_page(table);
}

u64 user_va_to_pa(pagetable_t root, u64 va) {
    pte_t* pte = walk(root, va, Create::No);
    if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U)) return 0;
    return pte_to_pa(*pte);
}

} // namespace pagetable
