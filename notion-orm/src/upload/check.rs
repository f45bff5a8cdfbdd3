//! What Notion checks of an upload, checked before any byte is sent.

use std::path::Path;

use super::{
    MAX_FILENAME_BYTES, MAX_PART_BYTES, MAX_PARTS, MAX_SINGLE_PART_BYTES, MIN_PART_BYTES,
    SUPPORTED_EXTENSIONS,
};
use crate::client::Client;
use crate::{Error, Result};

/// How a file of `len` bytes is cut into parts.
#[derive(Debug, Clone, Copy)]
pub(super) struct PartPlan {
    part_size: u64,
    pub(super) parts: u32,
}

impl PartPlan {
    pub(super) fn new(len: u64, part_size: u64) -> Result<Self> {
        if len <= MAX_SINGLE_PART_BYTES {
            return Ok(Self {
                part_size: len,
                parts: 1,
            });
        }
        let parts = len.div_ceil(part_size);
        if parts > MAX_PARTS {
            return Err(Error::invalid(
                None,
                None,
                format!(
                    "a file of {len} bytes in parts of {part_size} bytes needs {parts} parts; \
                     Notion accepts at most {MAX_PARTS}: use a larger part size (up to \
                     {MAX_PART_BYTES} bytes)"
                ),
            ));
        }
        Ok(Self {
            part_size,
            parts: parts as u32,
        })
    }

    /// The size of part `number` (1-based): full parts, then the rest.
    pub(super) fn size_of(&self, number: u32, len: u64) -> u64 {
        let before = u64::from(number - 1) * self.part_size;
        self.part_size.min(len - before)
    }
}

pub(super) fn check_part_size(part_size: u64) -> Result<()> {
    if !(MIN_PART_BYTES..=MAX_PART_BYTES).contains(&part_size) {
        return Err(Error::invalid(
            None,
            None,
            format!(
                "part size {part_size} bytes is outside Notion's range of {MIN_PART_BYTES} to \
                 {MAX_PART_BYTES} bytes (5 to 20 MiB)"
            ),
        ));
    }
    Ok(())
}

/// Checks what Notion checks of a file name: present, at most 900 bytes, and an extension
/// (its own or implied by the content type) among the supported ones.
pub(super) fn check_filename(
    filename: &str,
    content_type: Option<&str>,
    any_extension: bool,
) -> Result<()> {
    let invalid = |message: String| Err(Error::invalid(None, None, message));
    if filename.is_empty() {
        return invalid(
            "the upload has no file name: set one with `UploadSource::filename`".into(),
        );
    }
    if filename.len() > MAX_FILENAME_BYTES {
        return invalid(format!(
            "the file name is {} bytes long; Notion accepts at most {MAX_FILENAME_BYTES} bytes \
             including the extension",
            filename.len()
        ));
    }
    if any_extension {
        return Ok(());
    }
    let own = Path::new(filename)
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase());
    let implied = || {
        content_type
            .and_then(mime_guess::get_mime_extensions_str)
            .and_then(|exts| exts.iter().find(|ext| is_supported(ext)))
            .map(|ext| (*ext).to_owned())
    };
    match own.or_else(implied) {
        Some(ext) if is_supported(&ext) => Ok(()),
        Some(ext) => invalid(format!(
            "Notion does not accept `.{ext}` files ({filename:?}); see \
             `notion_orm::upload::SUPPORTED_EXTENSIONS`, or call `allow_any_extension()` if \
             Notion added the type since"
        )),
        None => invalid(format!(
            "{filename:?} has no extension and no content type that implies one; Notion needs \
             one to know the file type"
        )),
    }
}

fn is_supported(ext: &str) -> bool {
    SUPPORTED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
}

pub(super) fn guess_content_type(filename: &str) -> Option<String> {
    mime_guess::from_path(filename)
        .first()
        .map(|mime| mime.essence_str().to_owned())
}

pub(super) async fn check_workspace_limit(client: &Client, filename: &str, len: u64) -> Result<()> {
    match client.max_upload_size().await? {
        Some(limit) if len > limit => Err(Error::invalid(
            None,
            None,
            format!(
                "{filename:?} is {len} bytes; this workspace accepts files up to {limit} bytes \
                 (`max_file_upload_size_in_bytes` of GET /v1/users/me; free workspaces allow \
                 5 MiB, paid ones 5 GiB)"
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn files_up_to_20_mib_go_in_one_part_and_larger_ones_in_full_parts_then_the_rest() {
        let single = PartPlan::new(20 * MIB, super::super::DEFAULT_PART_BYTES).unwrap();
        assert_eq!(single.parts, 1);
        let plan = PartPlan::new(45 * MIB, super::super::DEFAULT_PART_BYTES).unwrap();
        assert_eq!(plan.parts, 5);
        let sizes: Vec<u64> = (1..=5).map(|n| plan.size_of(n, 45 * MIB)).collect();
        assert_eq!(sizes, [10 * MIB, 10 * MIB, 10 * MIB, 10 * MIB, 5 * MIB]);
    }

    #[test]
    fn too_many_parts_is_refused_with_the_way_out() {
        let err = PartPlan::new(MAX_PARTS * 5 * MIB + 1, 5 * MIB).unwrap_err();
        assert!(err.to_string().contains("larger part size"), "{err}");
    }

    #[test]
    fn part_sizes_outside_5_to_20_mib_are_refused() {
        assert!(check_part_size(4 * MIB).is_err());
        assert!(check_part_size(21 * MIB).is_err());
        assert!(check_part_size(5 * MIB).is_ok());
        assert!(check_part_size(20 * MIB).is_ok());
    }

    #[test]
    fn file_names_need_a_supported_extension_and_at_most_900_bytes() {
        assert!(check_filename("notes.txt", None, false).is_ok());
        assert!(check_filename("Photo.JPG", None, false).is_ok());
        assert!(check_filename("notes", Some("text/plain"), false).is_ok());
        let exe = check_filename("setup.exe", None, false).unwrap_err();
        assert!(exe.to_string().contains("`.exe`"), "{exe}");
        assert!(check_filename("setup.exe", None, true).is_ok());
        assert!(check_filename("notes", None, false).is_err());
        assert!(check_filename("", None, false).is_err());
        let long = format!("{}.txt", "a".repeat(MAX_FILENAME_BYTES));
        let err = check_filename(&long, None, true).unwrap_err();
        assert!(err.to_string().contains("900"), "{err}");
    }
}
