//! Where trybuild's cases find `.notion/` snapshots.
//!
//! trybuild compiles each case in a crate of its own under `<target>/tests/trybuild/`, so the
//! derive's lookup (`$CARGO_MANIFEST_DIR/.notion`, then the ancestors') does not reach this
//! package's `.notion/`. The committed snapshots are copied to `<target>/tests/trybuild/.notion/`,
//! an ancestor of that crate. (Setting `NOTION_ORM_SNAPSHOT_DIR` for the child cargo would need
//! `std::env::set_var`, which is unsafe.)

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `.notion/` directory trybuild's cases see.
pub fn dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().expect("CARGO_TARGET_TMPDIR is <target>/tmp");
    target.join("tests").join("trybuild").join(".notion")
}

/// Copies this package's committed snapshots where trybuild's cases find them, once per test
/// binary.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(install_now);
}

fn install_now() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(".notion");
    for entry in std::fs::read_dir(&committed).expect("tests/.notion exists") {
        let path = entry.expect("snapshot entry").path();
        let text = std::fs::read_to_string(&path).expect("snapshot reads");
        write(&path.file_name().expect("a file").to_string_lossy(), &text);
    }
}

/// Writes snapshot `file` into [`dir`], leaving an identical file untouched (a new mtime would
/// make cargo rebuild every case) and replacing it atomically, as cases may be compiling.
pub fn write(file: &str, text: &str) {
    let dir = dir();
    std::fs::create_dir_all(&dir).expect("trybuild's .notion dir is created");
    let path = dir.join(file);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return;
    }
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let nth = WRITES.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{file}.{}.{nth}", std::process::id()));
    std::fs::write(&temp, text).expect("snapshot is written");
    std::fs::rename(&temp, &path).expect("snapshot is moved into place");
}
