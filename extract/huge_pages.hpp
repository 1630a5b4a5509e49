#pragma once
// Internal to the statistical models (tagger, recogniser, parser, lexicon); not a
// public header.
//
// An allocator for the models' large tables. Lookups land at random in tables of
// several MB, and with 4 KB pages nearly every one of them would also miss the TLB;
// loading the models also faulted in ~12,000 small pages one by one, which in a
// virtual machine cost more than reading the files. Blocks of 1 MB or more are
// therefore allocated on 2 MB boundaries with transparent huge pages requested.
// Without huge page support this is an ordinary aligned allocation.

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace newsgraph {

/// Standard allocator semantics (value-initialises like std::allocator); only where
/// large blocks live differs. Stateless: all instances compare equal. Thread-safe.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocators convert implicitly
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHuge / 2) return std::allocator<T>().allocate(n);
    const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, rounded);
    if (!p) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    (void)madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure only costs speed
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kHuge / 2) std::allocator<T>().deallocate(p, n);
    else std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

/// A vector whose large buffers live on huge pages (see HugePageAllocator).
template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace newsgraph
