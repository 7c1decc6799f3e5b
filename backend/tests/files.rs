//! The file store's S3-compatible backend against a real S3 server (the test command starts
//! one on loopback and sets `TEST_S3_ENDPOINT`): what is put is read back by another server's
//! store, large files go up in parts and stream back whole, deletions are seen, and keys stay
//! checked. The directory backend has the same contract (`backend::files` unit tests).

use backend::Error;
use backend::files::FileStore;
use backend::testing::{Engine, env_in_bucket};
use domain::AppError;
use futures::TryStreamExt;

fn not_found<T>(r: Result<T, Error>) -> bool {
    matches!(r, Err(Error::User(AppError::NotFound)))
}

#[tokio::test]
async fn a_bucket_keeps_what_is_put_and_another_server_reads_it_large_files_in_parts() {
    let Some(env) = env_in_bucket(Engine::Sqlite).await else {
        return;
    };
    let files = &env.ctx.files;
    assert_eq!(files.name(), "s3");
    // Another server: the same configuration, its own data directory.
    let other_dir = env.dir.join("other-server");
    let other = FileStore::from_config(&env.ctx.config.files, &other_dir).unwrap();

    files.put("support/c1/m1.png", b"png bytes").await.unwrap();
    assert_eq!(other.get("support/c1/m1.png").await.unwrap(), b"png bytes");
    files.put("support/c1/m1.png", b"replaced").await.unwrap();
    assert_eq!(other.get("support/c1/m1.png").await.unwrap(), b"replaced");
    assert!(not_found(other.get("support/c1/none.png").await));

    // 20 MiB and a bit: three parts of 8 MiB at most, written from this machine's scratch.
    let big: Vec<u8> = (0..20 * 1024 * 1024 + 4321_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect();
    let tmp = files.scratch_path("coupons/b1.pdf").unwrap();
    std::fs::write(&tmp, &big).unwrap();
    files.commit("coupons/b1.pdf", &tmp).await.unwrap();
    assert!(!tmp.exists(), "the scratch copy goes once uploaded");
    let d = other.open("coupons/b1.pdf").await.unwrap();
    assert_eq!(d.len, Some(u64::try_from(big.len()).unwrap()));
    let chunks: Vec<bytes::Bytes> = d.bytes.try_collect().await.unwrap();
    assert!(chunks.len() > 1, "streamed, not read whole");
    assert!(chunks.concat() == big, "the same bytes came back");

    // Deleted is gone for everyone; deleting again is no error.
    files.delete("coupons/b1.pdf").await.unwrap();
    files.delete("coupons/b1.pdf").await.unwrap();
    assert!(not_found(other.open("coupons/b1.pdf").await));
    assert!(not_found(other.get("coupons/b1.pdf").await));

    // Keys stay inside, and a bucket has no local paths to hand out.
    assert!(files.put("../outside", b"x").await.is_err());
    assert!(files.get("a//b").await.is_err());
    assert!(not_found(files.local_path("support/c1/m1.png")));
}
