//! Every file wjvet writes goes through here: staged in full beside its target, then
//! renamed over it, so a reader never sees half a file and a failed run leaves none.
//!
//! Key decision: the temporary file is created with the mode an ordinary file gets
//! (0666 less the umask, typically 0644) rather than tempfile's private 0600, so a
//! report written with `-o` is as readable as one written with `>`. Errors name the
//! target as the user typed it, never the temporary file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::failure::Failure;

/// An output written in full to a temporary file beside its target, not yet in place;
/// dropped without [`commit`], the temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Writes `path`'s content to a temporary file in its directory and syncs it.
pub fn stage(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Staged, Failure> {
    if path.is_dir() {
        return Err(Failure::IsDirectory(path.to_path_buf()));
    }
    let unwritable = |error| Failure::Unwritable { path: path.to_path_buf(), error };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wjvet-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Masked by the umask when the file is created, as for any other file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(unwritable)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(unwritable)?;
        w.flush().map_err(unwritable)?;
    }
    tmp.as_file().sync_all().map_err(unwritable)?;
    Ok(Staged { tmp, path: path.to_path_buf() })
}

/// Renames every staged output into place. A target that became a directory is the
/// one failure a rename still meets, so it is ruled out for all before any is renamed.
pub fn commit_all(staged: Vec<Staged>) -> Result<(), Failure> {
    if let Some(s) = staged.iter().find(|s| s.path.is_dir()) {
        return Err(Failure::IsDirectory(s.path.clone()));
    }
    for Staged { tmp, path } in staged {
        tmp.persist(&path).map_err(|e| Failure::Unwritable { path, error: e.error })?;
    }
    Ok(())
}

/// Writes one file completely or not at all.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    commit_all(vec![stage(path, write)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_takes_its_name_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, |w| w.write_all(b"hello")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let err = write_atomically(&path, |_| Err(io::Error::other("boom"))).unwrap_err();
        assert!(matches!(err, Failure::Unwritable { .. }));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_directory_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomically(dir.path(), |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, Failure::IsDirectory(_)));
    }
}
