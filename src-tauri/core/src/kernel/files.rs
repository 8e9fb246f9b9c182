//! Files written all or nothing, with the permissions an ordinary save gives, and never
//! over a database, a folder or a read-only file.

use crate::kernel::error::{CoreError, Result};
use std::path::Path;

/// Why `dest` could not be written in folder `dir`, in words: a folder that does not exist
/// or may not be written to is named, as a person would put it (not as the operating
/// system's error, which names the hidden temporary file).
fn could_not_write(dest: &Path, dir: &Path, e: std::io::Error) -> CoreError {
    use std::io::ErrorKind;
    let dir = dir.display();
    let detail = match e.kind() {
        ErrorKind::NotFound => format!("the folder {dir} does not exist"),
        ErrorKind::PermissionDenied => {
            format!("this account may not save files in the folder {dir}")
        }
        ErrorKind::ReadOnlyFilesystem => format!("the folder {dir} is on a read-only disk"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full, so nothing was written".to_owned()
        }
        _ => e.to_string(),
    };
    CoreError::file(dest, detail)
}

/// Writes `dest` all or nothing: into a temporary file beside it, flushed and synced to
/// disk, then renamed over it. A failure part-way leaves no half-written file.
///
/// The file gets the permissions an ordinary save gives: a new file is made with mode
/// 0666 less the umask (as `open(2)` with `O_CREAT` does), and a file that is replaced
/// keeps its own mode. (A temporary file alone would be owner-only, 0600.)
pub fn write_file_atomically<T>(
    dest: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<T>,
) -> Result<T> {
    use std::io::Write;
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // An ordinary save writes through a link to the file it names.
    let resolved = std::fs::canonicalize(dest).ok();
    let dest = resolved.as_deref().unwrap_or(dest);
    refuse_to_replace(dest)?;
    let existing = std::fs::metadata(dest).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created through open(2), so the umask applies.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| could_not_write(dest, dir, e))?;
    if let Some(mode) = existing {
        tmp.as_file()
            .set_permissions(mode)
            .map_err(|e| CoreError::file(dest, e))?;
    }
    let value = {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        let value = write(&mut out)?;
        out.flush().map_err(|e| CoreError::file(dest, e))?;
        value
    };
    tmp.as_file()
        .sync_all()
        .map_err(|e| CoreError::file(dest, e))?;
    tmp.persist(dest)
        .map_err(|e| could_not_write(dest, dir, e.error))?;
    Ok(value)
}

/// What an export must never replace: an SQLite database (this app's data file, its
/// backups, or another program's), or a file marked read-only, which an ordinary save
/// would refuse too.
fn refuse_to_replace(dest: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(dest) else {
        return Ok(());
    };
    let refuse = |detail: &str| {
        Err(CoreError::File {
            path: dest.display().to_string(),
            detail: detail.to_owned(),
        })
    };
    if meta.is_dir() {
        return refuse("that is a folder. Choose a file name inside it.");
    }
    let mut head = [0u8; 16];
    let is_database = std::fs::File::open(dest)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0";
    if is_database {
        return refuse("that is a database file (perhaps this app's own data), and an export never replaces one. Nothing has been written; choose another name.");
    }
    if meta.permissions().readonly() {
        return refuse("that file is marked read-only, so it has not been replaced. Choose another name, or remove the mark first.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_is_not_there_is_named_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no such folder");
        let dest = missing.join("pack.pdf");
        let err = write_file_atomically(&dest, |_| Ok(())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: the folder {} does not exist",
                dest.display(),
                missing.display()
            )
        );
        assert!(!err.to_string().contains("os error"), "{err}");
    }
}
