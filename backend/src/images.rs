//! Uploaded images (coupon templates, support attachments): checked, decoded within limits,
//! and re-encoded from their pixels, so nothing but the picture survives (no EXIF, no GPS, no
//! trailing bytes, no polyglot payload).
//!
//! The order matters for safety: the byte size is checked first, then the format from the file's
//! magic bytes (not its name or declared type), then the dimensions from the header alone, and
//! only then are the pixels decoded, with the decoder's own limits set, so a small file that
//! declares a huge picture (a decompression bomb) is refused before any large allocation.

use std::io::Cursor;

use domain::AppError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// What an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
    /// Longest accepted side, in pixels.
    pub max_side: u32,
    /// Largest accepted width × height.
    pub max_pixels: u64,
}

impl ImageLimits {
    /// Support attachments: phone photos and screenshots.
    pub const ATTACHMENT: Self = Self {
        max_bytes: 5 * 1024 * 1024,
        max_side: 6_000,
        max_pixels: 24_000_000,
    };
    /// Coupon templates: printed at up to A5 at 300 dpi, with room to spare.
    pub const TEMPLATE: Self = Self {
        max_bytes: 8 * 1024 * 1024,
        max_side: 6_000,
        max_pixels: 24_000_000,
    };
    /// Ad banners: shown on screen only.
    pub const AD_BANNER: Self = Self {
        max_bytes: 3 * 1024 * 1024,
        max_side: 4_000,
        max_pixels: 8_000_000,
    };
}

/// A cleaned image: freshly encoded bytes and what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanImage {
    pub bytes: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
}

impl CleanImage {
    /// The file extension for [`Self::mime`].
    pub fn extension(&self) -> &'static str {
        if self.mime == "image/png" {
            "png"
        } else {
            "jpg"
        }
    }
}

/// JPEG quality of re-encoded photos: visually lossless for photos, a fraction of PNG's size.
const JPEG_QUALITY: u8 = 88;

fn bad(message: impl Into<String>) -> AppError {
    AppError::invalid("image", message)
}

/// How many uploads are decoded at once: one per core, so a burst of large images queues here
/// instead of taking every blocking thread and memory at once.
fn decode_slots() -> std::sync::Arc<tokio::sync::Semaphore> {
    static SLOTS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::OnceLock::new();
    SLOTS
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
            std::sync::Arc::new(tokio::sync::Semaphore::new(cores.clamp(1, 8)))
        })
        .clone()
}

/// [`sanitize`] for async code: the decoding and re-encoding run on the blocking pool, at most
/// one per core at a time, so the async workers keep answering (`/healthz`, pages) while large
/// uploads are checked.
pub async fn sanitize_off_thread(bytes: Vec<u8>, limits: ImageLimits) -> crate::Result<CleanImage> {
    // The slot moves into the blocking task: a client that goes away does not free it while
    // its decode still runs.
    let slot = decode_slots()
        .acquire_owned()
        .await
        .map_err(|e| crate::Error::Internal(format!("decode slots: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        sanitize(&bytes, &limits)
    })
    .await
    .map_err(|e| crate::Error::Internal(format!("image task: {e}")))?
    .map_err(Into::into)
}

/// Checks `bytes` against `limits`, decodes them and re-encodes the pixels: PNG and WebP become
/// PNG (keeping transparency), JPEG stays JPEG with its EXIF orientation applied. Anything else,
/// or anything over a limit, is refused with a message that says which rule it broke.
pub fn sanitize(bytes: &[u8], limits: &ImageLimits) -> Result<CleanImage, AppError> {
    if bytes.is_empty() {
        return Err(bad("the file is empty"));
    }
    if bytes.len() > limits.max_bytes {
        return Err(bad(format!(
            "the file is {}, larger than the {} limit",
            human_size(bytes.len()),
            human_size(limits.max_bytes)
        )));
    }
    let format = sniff(bytes).ok_or_else(|| bad("only PNG, JPEG or WebP images are accepted"))?;

    let header = ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = header
        .into_dimensions()
        .map_err(|_| bad("the image could not be read (damaged or incomplete file)"))?;
    if width == 0 || height == 0 {
        return Err(bad("the image has no pixels"));
    }
    if width > limits.max_side || height > limits.max_side {
        return Err(bad(format!(
            "the image is {width}×{height} pixels; each side may be at most {} pixels",
            limits.max_side
        )));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(bad(format!(
            "the image is {width}×{height} pixels, more than the {} megapixel limit",
            limits.max_pixels / 1_000_000
        )));
    }

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    // RGBA16 at the pixel limit, plus decoder working memory.
    decoder_limits.max_alloc = Some(limits.max_pixels * 8 + 64 * 1024 * 1024);
    reader.limits(decoder_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| bad("the image could not be read (damaged or incomplete file)"))?;
    let orientation = decoder.orientation().ok();
    let mut pixels = DynamicImage::from_decoder(decoder)
        .map_err(|_| bad("the image could not be decoded (damaged or incomplete file)"))?;
    if let Some(o) = orientation {
        pixels.apply_orientation(o);
    }

    let (out_format, mime, pixels) = match format {
        ImageFormat::Jpeg => (
            ImageFormat::Jpeg,
            "image/jpeg",
            DynamicImage::ImageRgb8(pixels.to_rgb8()),
        ),
        _ if pixels.color().has_alpha() => (
            ImageFormat::Png,
            "image/png",
            DynamicImage::ImageRgba8(pixels.to_rgba8()),
        ),
        _ => (
            ImageFormat::Png,
            "image/png",
            DynamicImage::ImageRgb8(pixels.to_rgb8()),
        ),
    };
    let mut out = Cursor::new(Vec::with_capacity(bytes.len()));
    let encoded = if out_format == ImageFormat::Jpeg {
        pixels.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out,
            JPEG_QUALITY,
        ))
    } else {
        pixels.write_to(&mut out, ImageFormat::Png)
    };
    encoded.map_err(|e| {
        tracing::error!(error = %e, "re-encoding an uploaded image failed");
        AppError::Internal
    })?;
    Ok(CleanImage {
        bytes: out.into_inner(),
        mime,
        width: pixels.width(),
        height: pixels.height(),
    })
}

/// The format from the first bytes of the file.
fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            Rgb([x.to_le_bytes()[0], y.to_le_bytes()[0], 90])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, _| Rgb([x.to_le_bytes()[0], 40, 200]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// A PNG whose header declares `w`×`h` but which carries almost no data.
    fn declared_png(w: u32, h: u32) -> Vec<u8> {
        let mut real = png(1, 1);
        // IHDR data starts at byte 16: width, height (big endian), then its CRC at 29..33.
        real[16..20].copy_from_slice(&w.to_be_bytes());
        real[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&real[12..29]);
        real[29..33].copy_from_slice(&crc.to_be_bytes());
        real
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn png_is_reencoded_as_png() {
        let out = sanitize(&png(40, 30), &ImageLimits::ATTACHMENT).unwrap();
        assert_eq!((out.mime, out.width, out.height), ("image/png", 40, 30));
        assert!(out.bytes.starts_with(b"\x89PNG"));
        assert_eq!(out.extension(), "png");
    }

    #[test]
    fn transparency_survives() {
        let img = RgbaImage::from_pixel(8, 8, Rgba([10, 20, 30, 0]));
        let mut buf = Cursor::new(Vec::new());
        img.write_to(&mut buf, ImageFormat::Png).unwrap();
        let out = sanitize(&buf.into_inner(), &ImageLimits::ATTACHMENT).unwrap();
        let back = image::load_from_memory(&out.bytes).unwrap();
        assert!(back.color().has_alpha());
    }

    #[test]
    fn jpeg_metadata_is_dropped() {
        let mut file = jpeg(32, 16);
        // Insert an APP1 (EXIF) segment with a recognisable payload after SOI.
        let payload = b"Exif\0\0GPS-SECRET-LOCATION";
        let len = u16::try_from(payload.len() + 2).unwrap();
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&len.to_be_bytes());
        segment.extend_from_slice(payload);
        file.splice(2..2, segment);
        assert!(file.windows(10).any(|w| w == b"GPS-SECRET"));
        let out = sanitize(&file, &ImageLimits::ATTACHMENT).unwrap();
        assert_eq!((out.mime, out.width, out.height), ("image/jpeg", 32, 16));
        assert!(!out.bytes.windows(10).any(|w| w == b"GPS-SECRET"));
    }

    #[test]
    fn trailing_payload_is_dropped() {
        let mut file = png(4, 4);
        file.extend_from_slice(b"<script>alert(1)</script>");
        let out = sanitize(&file, &ImageLimits::ATTACHMENT).unwrap();
        assert!(!out.bytes.windows(8).any(|w| w == b"<script>"));
    }

    #[test]
    fn refusals_say_why() {
        let limits = ImageLimits {
            max_bytes: 10_000,
            max_side: 100,
            max_pixels: 5_000,
        };
        let msg = |r: Result<CleanImage, AppError>| r.unwrap_err().to_string();
        assert!(msg(sanitize(b"", &limits)).contains("empty"));
        assert!(msg(sanitize(b"GIF89a.....", &limits)).contains("only PNG, JPEG or WebP"));
        assert!(msg(sanitize(&vec![0u8; 10_001], &limits)).contains("larger than"));
        assert!(msg(sanitize(&png(101, 2), &limits)).contains("at most 100 pixels"));
        assert!(msg(sanitize(&png(80, 80), &limits)).contains("megapixel"));
        let mut cut = png(50, 50);
        cut.truncate(cut.len() / 2);
        assert!(msg(sanitize(&cut, &limits)).contains("damaged"));
    }

    #[test]
    fn decompression_bomb_is_refused_before_decoding() {
        // 60,000 × 60,000 declared in a file of a few dozen bytes: 14 GB if decoded.
        let bomb = declared_png(60_000, 60_000);
        assert!(bomb.len() < 200);
        let err = sanitize(&bomb, &ImageLimits::ATTACHMENT).unwrap_err();
        assert!(err.to_string().contains("60000×60000"), "{err}");
    }
}
