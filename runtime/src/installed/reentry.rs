//! Sections of code that a call made from inside them must not enter again (it would wait for a lock its own
//! thread holds, or recurse without end), told apart by a per-thread flag.

use std::cell::Cell;
use std::thread::LocalKey;

/// Whether this thread may enter the section `flag` marks.
pub(crate) enum Entry {
    /// It may: the section counts as entered until this drops.
    Entered(Exit),
    /// It is inside already: this is a call from within the section.
    Inside,
    /// Its thread-locals are gone (a call from another thread-local's destructor).
    Gone,
}

/// Leaves the section when dropped.
pub(crate) struct Exit(&'static LocalKey<Cell<bool>>);

impl Drop for Exit {
    fn drop(&mut self) {
        let _ = self.0.try_with(|inside| inside.set(false));
    }
}

/// Enters the section `flag` marks, unless this thread is inside it already.
pub(crate) fn enter(flag: &'static LocalKey<Cell<bool>>) -> Entry {
    match flag.try_with(|inside| inside.replace(true)) {
        Ok(false) => Entry::Entered(Exit(flag)),
        Ok(true) => Entry::Inside,
        Err(_) => Entry::Gone,
    }
}
