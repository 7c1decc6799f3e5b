//! Stored files (template images, support attachments, generated PDFs) by key.
//!
//! The embedded default is a directory under the data directory. Keys are chosen by the code,
//! never by users (`support/<conversation>/<id>.png`), and are checked anyway: lower-case
//! letters, digits, `-`, `_`, `.` and `/` separators, no empty or dot-only segments, so a key can
//! never leave the directory. Writes go to a temporary file and are renamed into place, so a
//! reader never sees half a file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};

use crate::config::FilesConfig;
use crate::{Error, Result, ids};

/// Where files live.
#[derive(Debug, Clone)]
pub enum FileStore {
    /// A directory on this machine (the embedded default).
    Disk { root: PathBuf },
    /// An S3-compatible bucket (`FILES_URL=s3://bucket/prefix`): every server and worker reads
    /// and writes the same files. Large files are written to `scratch` on this machine first
    /// and uploaded in parts.
    Object {
        store: Arc<dyn ObjectStore>,
        prefix: String,
        scratch: PathBuf,
    },
}

/// A stored file opened for sending: its length when known, and its bytes as they arrive.
pub struct Download {
    pub len: Option<u64>,
    pub bytes: BoxStream<'static, std::io::Result<Bytes>>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Parts of an upload: S3 wants at least 5 MiB in every part but the last.
const PART_BYTES: usize = 8 * 1024 * 1024;

impl FileStore {
    /// Files under `<data_dir>/files`.
    pub fn on_disk(data_dir: &Path) -> Self {
        Self::Disk {
            root: data_dir.join("files"),
        }
    }

    /// The store `config` names: the data directory's, or the S3-compatible bucket's.
    pub fn from_config(files: &FilesConfig, data_dir: &Path) -> Result<Self> {
        match files {
            FilesConfig::Disk => Ok(Self::on_disk(data_dir)),
            FilesConfig::S3 {
                bucket,
                prefix,
                endpoint,
                region,
                access_key_id,
                secret_access_key,
            } => {
                // The outbound HTTPS client's crypto (ring), as for Stripe and Meta.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_region(region)
                    .with_access_key_id(access_key_id)
                    .with_secret_access_key(secret_access_key.expose());
                if let Some(e) = endpoint {
                    // A self-hosted store: addressed by path, plain HTTP only when the
                    // endpoint says so (a loopback test server).
                    b = b
                        .with_endpoint(e)
                        .with_allow_http(e.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                let store = b
                    .build()
                    .map_err(|e| Error::Internal(format!("object store: {e}")))?;
                Ok(Self::Object {
                    store: Arc::new(store),
                    prefix: prefix.clone(),
                    scratch: data_dir.join("scratch"),
                })
            }
        }
    }

    /// The backend's name, for `/healthz` and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Disk { .. } => "disk",
            Self::Object { .. } => "s3",
        }
    }

    /// Whether the store answers (for `/healthz`): the directory can be made, or the bucket
    /// answers a signed request (a missing probe object is an answer).
    pub async fn ping(&self) -> Result<()> {
        match self {
            Self::Disk { root } => Ok(tokio::fs::create_dir_all(root).await?),
            Self::Object { store, .. } => {
                match store.head(&self.object_path("healthz-probe")?).await {
                    Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(storage("ping", "healthz-probe", &e)),
                }
            }
        }
    }

    /// Stores `bytes` under `key`, replacing what was there; readers see the old file or the
    /// new one, never half of one.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<()> {
        match self {
            Self::Disk { .. } => {
                let tmp = self.scratch_path(key)?;
                if let Err(e) = tokio::fs::write(&tmp, bytes).await {
                    let _ = tokio::fs::remove_file(&tmp).await;
                    return Err(e.into());
                }
                self.commit(key, &tmp).await
            }
            Self::Object { store, .. } => {
                let at = self.object_path(key)?;
                store
                    .put(&at, PutPayload::from(bytes.to_vec()))
                    .await
                    .map_err(|e| storage("put", key, &e))?;
                Ok(())
            }
        }
    }

    /// The bytes stored under `key`; [`domain::AppError::NotFound`] when there are none.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        match self {
            Self::Disk { .. } => match tokio::fs::read(self.disk_path(key)?).await {
                Ok(b) => Ok(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(domain::AppError::NotFound.into())
                }
                Err(e) => Err(e.into()),
            },
            Self::Object { store, .. } => Ok(self
                .fetch(store.as_ref(), key)
                .await?
                .bytes()
                .await
                .map_err(|e| storage("get", key, &e))?
                .to_vec()),
        }
    }

    /// `key` opened for streaming to a client (a batch PDF can be hundreds of megabytes);
    /// [`domain::AppError::NotFound`] when there is none.
    pub async fn open(&self, key: &str) -> Result<Download> {
        match self {
            Self::Disk { .. } => {
                let file = match tokio::fs::File::open(self.disk_path(key)?).await {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Err(domain::AppError::NotFound.into());
                    }
                    Err(e) => return Err(e.into()),
                };
                let len = file.metadata().await.map(|m| m.len()).ok();
                Ok(Download {
                    len,
                    bytes: tokio_util::io::ReaderStream::new(file).boxed(),
                })
            }
            Self::Object { store, .. } => {
                let r = self.fetch(store.as_ref(), key).await?;
                Ok(Download {
                    len: Some(r.meta.size),
                    bytes: r.into_stream().map_err(std::io::Error::other).boxed(),
                })
            }
        }
    }

    /// Removes `key`; removing a missing key is not an error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self {
            Self::Disk { .. } => match tokio::fs::remove_file(self.disk_path(key)?).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            Self::Object { store, .. } => {
                let at = self.object_path(key)?;
                match store.delete(&at).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(storage("delete", key, &e)),
                }
            }
        }
    }

    /// A file on this machine to write `key`'s new contents into before [`Self::commit`] (for
    /// writers that stream, like the batch PDF); its folder exists. Remove it on failure.
    pub fn scratch_path(&self, key: &str) -> Result<PathBuf> {
        let tmp = match self {
            // Beside the file, so the commit is a rename.
            Self::Disk { .. } => self
                .disk_path(key)?
                .with_extension(format!("tmp-{}", ids::random_hex(6))),
            Self::Object { scratch, .. } => {
                check_key(key)?;
                scratch.join(format!(
                    "{}.tmp-{}",
                    key.replace('/', "_"),
                    ids::random_hex(6)
                ))
            }
        };
        if let Some(dir) = tmp.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(tmp)
    }

    /// Makes the finished scratch file `tmp` the contents of `key`: a rename on disk, an upload
    /// in parts to the bucket (then the scratch file goes). Readers never see half a file.
    pub async fn commit(&self, key: &str, tmp: &Path) -> Result<()> {
        match self {
            Self::Disk { .. } => {
                let path = self.disk_path(key)?;
                if let Err(e) = tokio::fs::rename(tmp, &path).await {
                    let _ = tokio::fs::remove_file(tmp).await;
                    return Err(e.into());
                }
                Ok(())
            }
            Self::Object { store, .. } => {
                let uploaded = upload_in_parts(store.as_ref(), &self.object_path(key)?, tmp).await;
                let _ = tokio::fs::remove_file(tmp).await;
                uploaded.map_err(|e| storage("upload", key, &e))
            }
        }
    }

    /// The file's path on this machine, for tests and tools that read files directly; a
    /// bucket has none ([`domain::AppError::NotFound`]).
    pub fn local_path(&self, key: &str) -> Result<PathBuf> {
        match self {
            Self::Disk { .. } => self.disk_path(key),
            Self::Object { .. } => Err(domain::AppError::NotFound.into()),
        }
    }

    /// The object under `key`, about to be read; [`domain::AppError::NotFound`] when none.
    async fn fetch(&self, store: &dyn ObjectStore, key: &str) -> Result<object_store::GetResult> {
        match store.get(&self.object_path(key)?).await {
            Ok(r) => Ok(r),
            Err(object_store::Error::NotFound { .. }) => Err(domain::AppError::NotFound.into()),
            Err(e) => Err(storage("get", key, &e)),
        }
    }

    fn disk_path(&self, key: &str) -> Result<PathBuf> {
        check_key(key)?;
        match self {
            Self::Disk { root } => Ok(root.join(key)),
            Self::Object { .. } => Err(Error::Internal("no disk path in a bucket".into())),
        }
    }

    fn object_path(&self, key: &str) -> Result<ObjectPath> {
        check_key(key)?;
        match self {
            Self::Object { prefix, .. } if !prefix.is_empty() => {
                Ok(ObjectPath::from(format!("{prefix}/{key}")))
            }
            _ => Ok(ObjectPath::from(key)),
        }
    }
}

/// Reads `tmp` and writes it to `at` in parts of [`PART_BYTES`], so memory stays flat.
async fn upload_in_parts(
    store: &dyn ObjectStore,
    at: &ObjectPath,
    tmp: &Path,
) -> std::result::Result<(), object_store::Error> {
    use tokio::io::AsyncReadExt;
    let io = |e: std::io::Error| object_store::Error::Generic {
        store: "scratch",
        source: Box::new(e),
    };
    let mut file = tokio::fs::File::open(tmp).await.map_err(io)?;
    let upload = store.put_multipart(at).await?;
    let mut w = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
    let mut buf = vec![0u8; 1024 * 1024];
    loop {
        let n = file.read(&mut buf).await.map_err(io)?;
        if n == 0 {
            break;
        }
        // Bounds the parts in flight (and so the memory) to two.
        w.wait_for_capacity(2).await?;
        w.write(&buf[..n]);
    }
    w.finish().await?;
    Ok(())
}

/// An object store failure, logged with its key; the user sees an internal error.
fn storage(what: &str, key: &str, e: &object_store::Error) -> Error {
    Error::Internal(format!("object store {what} {key}: {e}"))
}

/// Whether `key` is a key this store accepts (see the module documentation).
pub(crate) fn check_key(key: &str) -> Result<()> {
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
