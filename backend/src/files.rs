//! Stored files (template images, support attachments, generated PDFs) by key.
//!
//! The embedded default is a directory under the data directory. Keys are chosen by the code,
//! never by users (`support/<conversation>/<id>.png`), and are checked anyway: lower-case
//! letters, digits, `-`, `_`, `.` and `/` separators, no empty or dot-only segments, so a key can
//! never leave the directory. Writes go to a temporary file and are renamed into place, so a
//! reader never sees half a file.

use std::path::{Path, PathBuf};

use crate::{Error, Result, ids};

/// Where files live.
#[derive(Debug, Clone)]
pub enum FileStore {
    /// A directory on this machine.
    Disk { root: PathBuf },
}

impl FileStore {
    /// Files under `<data_dir>/files`.
    pub fn on_disk(data_dir: &Path) -> Self {
        Self::Disk {
            root: data_dir.join("files"),
        }
    }

    /// Stores `bytes` under `key`, replacing what was there.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let tmp = path.with_extension(format!("tmp-{}", ids::random_hex(6)));
        tokio::fs::write(&tmp, bytes).await?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e.into());
        }
        Ok(())
    }

    /// The bytes stored under `key`; [`domain::AppError::NotFound`] when there are none.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(domain::AppError::NotFound.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Removes `key`; removing a missing key is not an error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// The file's path on this machine, for writers that stream (large PDFs).
    pub fn local_path(&self, key: &str) -> Result<PathBuf> {
        self.path(key)
    }

    fn path(&self, key: &str) -> Result<PathBuf> {
        check_key(key)?;
        match self {
            Self::Disk { root } => Ok(root.join(key)),
        }
    }
}

fn check_key(key: &str) -> Result<()> {
    let ok_chars = key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b));
    let ok_segments = key
        .split('/')
        .all(|s| !s.is_empty() && s.bytes().any(|b| b != b'.'));
    if key.is_empty() || key.len() > 200 || !ok_chars || !ok_segments {
        return Err(Error::Internal(format!("bad file key {key:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside() {
        for bad in [
            "",
            "../x",
            "a/../../b",
            "/etc/passwd",
            "a//b",
            "A.png",
            "a/./b",
            "a\\b",
            "..",
            "a/..",
        ] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
        for good in ["a.png", "support/c1/m2.jpg", "pdf/batch-1.pdf", "a/.hidden"] {
            assert!(check_key(good).is_ok(), "{good:?}");
        }
    }

    #[tokio::test]
    async fn put_get_delete() {
        let dir = std::env::temp_dir().join(format!("files-test-{}", ids::random_hex(6)));
        let store = FileStore::on_disk(&dir);
        store.put("x/y.bin", b"hello").await.unwrap();
        assert_eq!(store.get("x/y.bin").await.unwrap(), b"hello");
        store.put("x/y.bin", b"again").await.unwrap();
        assert_eq!(store.get("x/y.bin").await.unwrap(), b"again");
        store.delete("x/y.bin").await.unwrap();
        store.delete("x/y.bin").await.unwrap();
        assert!(matches!(
            store.get("x/y.bin").await,
            Err(Error::User(domain::AppError::NotFound))
        ));
        let _ = std::fs::remove_dir_all(dir);
    }
}
