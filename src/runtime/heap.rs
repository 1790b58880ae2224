//! The allocator's bookkeeping, apart from wasm so that it is tested
//! natively: one free list per power-of-two block size and a bump region
//! grown a page at a time. Freed blocks are reused for the same size class
//! and never merged: the crate's allocations are small and short-lived
//! (options trees, URLs, messages), so this stays compact without the code
//! of a general-purpose allocator.

use core::alloc::Layout;
use core::ptr;

/// The wasm page size.
pub const PAGE: usize = 65_536;

/// Free lists by size class (`1 << class` bytes) and the bump region.
pub struct Heap {
    free: [*mut u8; 32],
    next: usize,
    end: usize,
}

/// The size class of `layout`: blocks of `1 << class` bytes, at least 8
/// (room for the free-list link) and at least the alignment.
fn class(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl Heap {
    /// An empty heap: the first allocation grows the memory.
    pub const fn new() -> Heap {
        Heap {
            free: [ptr::null_mut(); 32],
            next: 0,
            end: 0,
        }
    }

    /// A block for `layout`, or null. `grow(pages)` adds that many pages to
    /// the memory and answers the index of the first one (None when the
    /// memory cannot grow), as `memory.grow` does.
    ///
    /// # Safety
    /// The pages `grow` answers must be memory this heap alone uses.
    pub unsafe fn alloc(
        &mut self,
        layout: Layout,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        let class = class(&layout);
        let align = layout.align();
        // Fresh regions start page-aligned: a larger alignment is refused.
        if class >= 32 || align > PAGE {
            return ptr::null_mut();
        }
        let head = self.free[class];
        if !head.is_null() && (head as usize).is_multiple_of(align) {
            self.free[class] = *head.cast::<*mut u8>();
            return head;
        }
        let size = 1usize << class;
        let mut start = (self.next + align - 1) & !(align - 1);
        if start.checked_add(size).is_none_or(|end| end > self.end) {
            let pages = size.div_ceil(PAGE);
            let Some(first) = grow(pages) else {
                return ptr::null_mut();
            };
            let base = first * PAGE;
            if base != self.end || start + size > base + pages * PAGE {
                // Not contiguous with the current region (or the rest of it
                // is too short): start afresh in the new pages.
                start = base;
            }
            self.end = base + pages * PAGE;
        }
        self.next = start + size;
        start as *mut u8
    }

    /// Returns `block`, allocated for `layout`, to its free list.
    ///
    /// # Safety
    /// `block` must come from this heap's `alloc` with the same layout.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        let class = class(&layout);
        *block.cast::<*mut u8>() = self.free[class];
        self.free[class] = block;
    }

    /// `block` resized to `new_size`: the same block while the size class
    /// stays, else a new one with the contents copied.
    ///
    /// # Safety
    /// As [`Heap::dealloc`], and `new_size` is valid for `layout`'s alignment.
    pub unsafe fn realloc(
        &mut self,
        block: *mut u8,
        layout: Layout,
        new_size: usize,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&new_layout) == class(&layout) {
            return block;
        }
        let moved = self.alloc(new_layout, grow);
        if !moved.is_null() {
            ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            self.dealloc(block, layout);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{alloc_zeroed, dealloc};

    /// Page-aligned memory standing for wasm's, grown page by page.
    struct Memory {
        base: *mut u8,
        pages: usize,
        used: usize,
    }

    impl Memory {
        fn new(pages: usize) -> Memory {
            let base =
                unsafe { alloc_zeroed(Layout::from_size_align(pages * PAGE, PAGE).unwrap()) };
            Memory {
                base,
                pages,
                used: 0,
            }
        }

        fn grow(&mut self) -> impl FnOnce(usize) -> Option<usize> + '_ {
            |pages| {
                if self.used + pages > self.pages {
                    return None;
                }
                let first = self.base as usize / PAGE + self.used;
                self.used += pages;
                Some(first)
            }
        }
    }

    impl Drop for Memory {
        fn drop(&mut self) {
            unsafe {
                dealloc(
                    self.base,
                    Layout::from_size_align(self.pages * PAGE, PAGE).unwrap(),
                )
            }
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_and_do_not_overlap() {
        let mut memory = Memory::new(4);
        let mut heap = Heap::new();
        let mut blocks = Vec::new();
        for (size, align) in [(1, 1), (24, 8), (100, 4), (64, 64), (3, 2), (1000, 8)] {
            let block = unsafe { heap.alloc(layout(size, align), memory.grow()) } as usize;
            assert_ne!(block, 0);
            assert_eq!(block % align, 0, "{size}/{align}");
            blocks.push((block, size));
        }
        blocks.sort();
        for pair in blocks.windows(2) {
            assert!(pair[0].0 + pair[0].1 <= pair[1].0, "{pair:?}");
        }
        assert_eq!(memory.used, 1, "small blocks share one page");
    }

    #[test]
    fn a_freed_block_is_reused_for_its_size_class() {
        let mut memory = Memory::new(2);
        let mut heap = Heap::new();
        let first = unsafe { heap.alloc(layout(40, 8), memory.grow()) };
        unsafe { heap.dealloc(first, layout(40, 8)) };
        let again = unsafe { heap.alloc(layout(60, 8), memory.grow()) };
        assert_eq!(first, again, "40 and 60 bytes are both 64-byte blocks");
        let other = unsafe { heap.alloc(layout(40, 8), memory.grow()) };
        assert_ne!(other, again);
    }

    #[test]
    fn realloc_keeps_the_block_within_its_class_and_moves_the_contents_past_it() {
        let mut memory = Memory::new(2);
        let mut heap = Heap::new();
        let block = unsafe { heap.alloc(layout(20, 4), memory.grow()) };
        unsafe { block.copy_from_nonoverlapping(b"0123456789".as_ptr(), 10) };
        let same = unsafe { heap.realloc(block, layout(20, 4), 32, memory.grow()) };
        assert_eq!(same, block);
        let moved = unsafe { heap.realloc(same, layout(32, 4), 200, memory.grow()) };
        assert_ne!(moved, block);
        assert_eq!(
            unsafe { core::slice::from_raw_parts(moved, 10) },
            b"0123456789"
        );
    }

    #[test]
    fn a_block_larger_than_a_page_grows_whole_pages_continuing_the_region() {
        let mut memory = Memory::new(8);
        let mut heap = Heap::new();
        let small = unsafe { heap.alloc(layout(16, 8), memory.grow()) } as usize;
        let big = unsafe { heap.alloc(layout(3 * PAGE, 8), memory.grow()) } as usize;
        assert_eq!(
            big,
            small + 16,
            "the new pages follow the region, so it goes on"
        );
        assert_eq!(
            memory.used,
            1 + 4,
            "a 4-page block (the next power of two) after one page"
        );
        let next = unsafe { heap.alloc(layout(8, 8), memory.grow()) } as usize;
        assert_eq!(next, big + 4 * PAGE);
    }

    #[test]
    fn an_allocation_the_memory_cannot_grow_for_is_null() {
        let mut memory = Memory::new(1);
        let mut heap = Heap::new();
        assert!(!unsafe { heap.alloc(layout(PAGE, 8), memory.grow()) }.is_null());
        assert!(unsafe { heap.alloc(layout(8, 8), memory.grow()) }.is_null());
        assert!(
            unsafe { heap.alloc(layout(8, 2 * PAGE), memory.grow()) }.is_null(),
            "alignment past a page"
        );
    }
}
