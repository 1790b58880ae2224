//! What the standard library would otherwise bring to the package's
//! `no_std` wasm build: a global allocator and a panic handler.
//!
//! The allocator keeps one free list per power-of-two block size and takes
//! fresh blocks from a bump region grown with `memory.grow`. Freed blocks are
//! reused for the same size class and never merged: the crate's allocations
//! are small and short-lived (options trees, URLs, messages), so this stays
//! compact without the code of a general-purpose allocator.
//!
//! A panic traps (`unreachable`), as `panic = "abort"` does with std; the
//! message is never formatted, so no formatting code is linked for it.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

/// The wasm page size.
const PAGE: usize = 65_536;

/// Free lists by size class (`1 << class` bytes) and the bump region.
struct Heap {
    free: [*mut u8; 32],
    next: usize,
    end: usize,
}

/// The global allocator of the `no_std` build (single-threaded wasm).
struct Allocator(UnsafeCell<Heap>);

// SAFETY: wasm32 without atomics runs one thread.
unsafe impl Sync for Allocator {}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap {
    free: [ptr::null_mut(); 32],
    next: 0,
    end: 0,
}));

/// The size class of `layout`: blocks of `1 << class` bytes, at least 8
/// (room for the free-list link) and at least the alignment.
fn class(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let heap = &mut *self.0.get();
        let class = class(&layout);
        let align = layout.align();
        // Fresh regions start page-aligned: a larger alignment is refused.
        if class >= 32 || align > PAGE {
            return ptr::null_mut();
        }
        let head = heap.free[class];
        if !head.is_null() && (head as usize) % align == 0 {
            heap.free[class] = *head.cast::<*mut u8>();
            return head;
        }
        let size = 1usize << class;
        let mut start = (heap.next + align - 1) & !(align - 1);
        if start.checked_add(size).is_none_or(|end| end > heap.end) {
            let pages = size.div_ceil(PAGE);
            let grown = wasm32::memory_grow(0, pages);
            if grown == usize::MAX {
                return ptr::null_mut();
            }
            let base = grown * PAGE;
            if base != heap.end || start + size > base + pages * PAGE {
                // Not contiguous with the current region (or the rest of it is
                // too short): start afresh in the new pages, page-aligned.
                start = base;
            }
            heap.end = base + pages * PAGE;
        }
        heap.next = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let heap = &mut *self.0.get();
        let class = class(&layout);
        *block.cast::<*mut u8>() = heap.free[class];
        heap.free[class] = block;
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&new_layout) == class(&layout) {
            return block;
        }
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            self.dealloc(block, layout);
        }
        moved
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}
