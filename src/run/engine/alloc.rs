//! The engine's allocator: every block the engine asks for is charged to the hint's budget.

use std::rc::Rc;

use rquickjs::allocator::Allocator;

use crate::run::budget::Budget;

/// An allocator that charges every allocation to the hint's budget and refuses what is over it,
/// so the host knows for certain when the hint ran out of memory, whatever the hint made of the
/// exception. Each block carries its size in a 16-byte header.
pub(super) struct Charged(pub(super) Rc<Budget>);

const HEADER: usize = 16;

impl Charged {
    /// A block of `size` bytes after its header, zeroed when asked, if the budget allows it.
    fn charge(&mut self, size: usize, zeroed: bool) -> *mut u8 {
        let Some(total) = size.checked_add(HEADER) else {
            return std::ptr::null_mut();
        };
        if !self.0.reserve(total) {
            return std::ptr::null_mut();
        }
        // SAFETY: a non-zero size; the header is written inside the block.
        unsafe {
            let base = if zeroed {
                libc::calloc(1, total)
            } else {
                libc::malloc(total)
            }
            .cast::<u8>();
            if base.is_null() {
                self.0.release(total);
                return base;
            }
            base.cast::<usize>().write(size);
            base.add(HEADER)
        }
    }
}

unsafe impl Allocator for Charged {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        self.charge(size, false)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        match count.checked_mul(size) {
            Some(total) => self.charge(total, true),
            None => std::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        if ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` came from `charge` or `realloc` above, so a header precedes it.
        unsafe {
            let base = ptr.sub(HEADER);
            self.0.release(base.cast::<usize>().read() + HEADER);
            libc::free(base.cast());
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        let Some(total) = new_size.checked_add(HEADER) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `ptr` came from this allocator, so a header precedes it.
        unsafe {
            let base = ptr.sub(HEADER);
            let old = base.cast::<usize>().read();
            if new_size > old && !self.0.reserve(new_size - old) {
                return std::ptr::null_mut();
            }
            let moved = libc::realloc(base.cast(), total).cast::<u8>();
            if moved.is_null() {
                if new_size > old {
                    self.0.release(new_size - old);
                }
                return moved;
            }
            if new_size < old {
                self.0.release(old - new_size);
            }
            moved.cast::<usize>().write(new_size);
            moved.add(HEADER)
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: `ptr` came from this allocator, so a header precedes it.
        unsafe { ptr.sub(HEADER).cast::<usize>().read() }
    }
}
