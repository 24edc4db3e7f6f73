//! One hint's memory budget, shared by the JavaScript heap (through the engine's allocator), the
//! request bodies the host copies out of it and the answers the hint has in flight (held by the
//! HTTP client until the engine takes them), so a hint cannot escape its limit by making the host
//! side hold memory for it.

use std::cell::Cell;
use std::rc::Rc;

#[derive(Debug)]
pub struct Budget {
    limit: usize,
    used: Cell<usize>,
    /// Set the first time an allocation was refused: the hint ran out of memory.
    exhausted: Cell<bool>,
}

impl Budget {
    pub fn new(limit: usize) -> Budget {
        Budget {
            limit,
            used: Cell::new(0),
            exhausted: Cell::new(false),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Takes `bytes` from the budget, or refuses and remembers that it did.
    pub fn reserve(&self, bytes: usize) -> bool {
        let used = self.used.get();
        match used.checked_add(bytes).filter(|&n| n <= self.limit) {
            Some(total) => {
                self.used.set(total);
                true
            }
            None => {
                self.exhausted.set(true);
                false
            }
        }
    }

    /// Gives `bytes` back.
    pub fn release(&self, bytes: usize) {
        self.used.set(self.used.get().saturating_sub(bytes));
    }

    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }

    /// `bytes` taken from the budget until the returned charge is dropped; `None` (and the
    /// budget remembers it ran out) when they do not fit.
    pub fn charge(budget: &Rc<Budget>, bytes: usize) -> Option<Charge> {
        budget.reserve(bytes).then(|| Charge {
            budget: budget.clone(),
            bytes,
        })
    }
}

/// Bytes taken from a budget, given back when dropped.
#[derive(Debug)]
pub struct Charge {
    budget: Rc<Budget>,
    bytes: usize,
}

impl Charge {
    /// Takes `more` bytes too; false (and nothing taken) when they do not fit.
    pub fn grow(&mut self, more: usize) -> bool {
        let fits = self.budget.reserve(more);
        if fits {
            self.bytes += more;
        }
        fits
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.budget.release(self.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::Budget;

    #[test]
    fn a_refusal_is_remembered_and_releases_make_room() {
        let budget = Budget::new(100);
        assert!(budget.reserve(60));
        assert!(!budget.exhausted());
        assert!(!budget.reserve(60));
        assert!(budget.exhausted());
        budget.release(60);
        assert!(budget.reserve(100));
        assert!(!budget.reserve(usize::MAX), "an overflow is a refusal");
    }
}
