//! What the standard library would otherwise bring to the package's
//! `no_std` wasm build: a global allocator ([`heap::Heap`] over
//! `memory.grow`) and a panic handler.
//!
//! A panic traps (`unreachable`), as `panic = "abort"` does with std; the
//! message is never formatted, so no formatting code is linked for it.

pub mod heap;

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;

    use super::heap::Heap;

    /// `memory.grow` of the wasm memory: the index of the first new page.
    fn grow(pages: usize) -> Option<usize> {
        Some(wasm32::memory_grow(0, pages)).filter(|&first| first != usize::MAX)
    }

    /// The global allocator of the `no_std` build (single-threaded wasm).
    struct Allocator(UnsafeCell<Heap>);

    // SAFETY: wasm32 without atomics runs one thread.
    unsafe impl Sync for Allocator {}

    #[global_allocator]
    static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap::new()));

    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).alloc(layout, grow)
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            (*self.0.get()).dealloc(block, layout)
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(block, layout, new_size, grow)
        }
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        wasm32::unreachable()
    }
}
