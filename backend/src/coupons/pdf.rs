//! A batch's PDF, written as a stream: one page per coupon, each the template with the offer
//! and the coupon's own serial and QR code on top.
//!
//! Why it stays small and fast however large the batch:
//! - the template image is embedded once, inside one form XObject together with everything
//!   that is the same on every coupon (panels, title, offer, terms, dates); each page draws
//!   that form and then only its own QR code and serial;
//! - the QR code is vector art: one rectangle per horizontal run of dark modules, in module
//!   units under one transform, so a page's content stream is a few kilobytes before zlib;
//! - pages are written to the output as they are made (pdf-writer builds each object in a
//!   small chunk), and only their byte offsets (8 bytes per object) stay in memory for the
//!   cross-reference table at the end.
//!
//! - text uses the embedded subset fonts of [`crate::pdf_text`]: any script prints as typed
//!   ("好味茶室 半价", "Diskaun 50%") and `pdftotext` reads it back; the fonts are written once,
//!   holding only the glyphs of the shared texts and of the serial alphabet.

use std::io::Write;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Rect, Ref, Str};

use domain::coupons::{SERIAL_ALPHABET, Serial};

use crate::pdf_text::{self, FontRefs, FontSet, FrozenFont, PdfFont};

use crate::{Error, Result};

/// A template image as stored (after `images::sanitize`): PNG or JPEG bytes and their size.
#[derive(Debug, Clone)]
pub struct TemplateImage {
    pub bytes: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub mime: String,
    pub width: u32,
    pub height: u32,
}

/// What is printed the same on every coupon of a batch.
#[derive(Debug, Clone)]
pub struct CouponArt {
    pub merchant_name: String,
    pub title: String,
    pub offer_details: String,
    pub terms: String,
    /// e.g. "Valid 25 Nov 2026 to 31 Dec 2026", in the batch's language.
    pub validity: String,
    /// e.g. "Show this code to redeem", in the batch's language.
    pub redeem_hint: String,
    pub template: TemplateImage,
}

/// Page width in points (180 mm); the height follows the template's shape within limits.
const PAGE_WIDTH_PT: f32 = 510.0;
/// Page height as a share of its width, at least and at most.
const PAGE_RATIO_MIN: f32 = 0.5;
const PAGE_RATIO_MAX: f32 = 1.5;
const MARGIN_PT: f32 = 12.0;
const SIDE_PANEL_PT: f32 = 172.0;
/// zlib level for page content: 1 is several times faster than the default and the QR runs
/// compress almost as well.
const CONTENT_ZLIB_LEVEL: u8 = 1;
/// Pages under one intermediate page-tree node, so no node holds 100,000 kids.
const PAGES_PER_NODE: usize = 256;

// Fixed object numbers; pages and their tree nodes follow.
const CATALOG: Ref = Ref::new(1);
const PAGE_ROOT: Ref = Ref::new(2);
const RESOURCES: Ref = Ref::new(3);
const FONT_REGULAR: FontRefs = FontRefs::from(4);
const FONT_BOLD: FontRefs = FontRefs::from(9);
const IMAGE: Ref = Ref::new(14);
const IMAGE_MASK: Ref = Ref::new(15);
const ART: Ref = Ref::new(16);
const FIRST_FREE: i32 = 17;

/// Where the per-coupon parts go on the page.
#[derive(Debug, Clone, Copy)]
struct Layout {
    width: f32,
    height: f32,
    qr_x: f32,
    qr_y: f32,
    qr_size: f32,
    serial_center_x: f32,
    serial_y: f32,
}

/// Writes a batch's PDF to `W` one coupon at a time. Call [`BatchPdf::add`] for every coupon
/// in order, then [`BatchPdf::finish`].
pub struct BatchPdf<W: Write> {
    out: W,
    written: u64,
    /// Byte offset of each object, by object number (index 0 unused).
    offsets: Vec<u64>,
    next_id: i32,
    layout: Layout,
    /// Page-tree nodes written so far, and the current node's ref and pages.
    nodes: Vec<Ref>,
    node: Ref,
    node_pages: Vec<Ref>,
    pages: usize,
    /// The bold face, knowing every character a serial may hold.
    serial_font: FrozenFont,
}

impl<W: Write> BatchPdf<W> {
    /// Starts the PDF: writes the header, fonts, the template image and the shared art.
    pub fn begin(out: W, art: &CouponArt, fonts: &FontSet) -> Result<Self> {
        let t = &art.template;
        if t.width == 0 || t.height == 0 {
            return Err(Error::Internal("template has no pixels".into()));
        }
        let ratio = (t.height as f32 / t.width as f32).clamp(PAGE_RATIO_MIN, PAGE_RATIO_MAX);
        let (width, height) = (PAGE_WIDTH_PT, (PAGE_WIDTH_PT * ratio).round());
        let panel_x = width - MARGIN_PT - SIDE_PANEL_PT;
        let qr_size = (SIDE_PANEL_PT - 22.0).min(height - 2.0 * MARGIN_PT - 70.0);
        let qr_y = height - MARGIN_PT - 11.0 - qr_size;
        let layout = Layout {
            width,
            height,
            qr_x: panel_x + (SIDE_PANEL_PT - qr_size) / 2.0,
            qr_y,
            qr_size,
            serial_center_x: panel_x + SIDE_PANEL_PT / 2.0,
            serial_y: qr_y - 20.0,
        };
        let mut regular = PdfFont::new(fonts.regular.clone())?;
        let mut bold = PdfFont::new(fonts.bold.clone())?;
        let serial_chars: String = SERIAL_ALPHABET.iter().map(|&b| char::from(b)).collect();
        bold.encode(&format!("{serial_chars}-"));
        let art_content = art_stream(art, &layout, &mut regular, &mut bold);
        let mut pdf = Self {
            serial_font: bold.frozen(),
            out,
            written: 0,
            offsets: vec![0; usize::try_from(FIRST_FREE).unwrap_or(0)],
            next_id: FIRST_FREE,
            layout,
            nodes: Vec::new(),
            node: Ref::new(FIRST_FREE),
            node_pages: Vec::with_capacity(PAGES_PER_NODE),
            pages: 0,
        };
        pdf.node = pdf.alloc();
        pdf.raw(b"%PDF-1.7\n%\x80\x80\x80\x80\n")?;

        for (face, refs) in [(&regular, FONT_REGULAR), (&bold, FONT_BOLD)] {
            for (id, c) in face.objects(refs)? {
                pdf.put(&c, &[id])?;
            }
        }

        pdf.write_image(t)?;

        let art_zip = compress_to_vec_zlib(&art_content, 6);
        let mut c = Chunk::new();
        {
            let mut form = c.form_xobject(ART, &art_zip);
            form.filter(Filter::FlateDecode);
            form.bbox(Rect::new(0.0, 0.0, width, height));
            let mut res = form.resources();
            res.x_objects().pair(Name(b"Im"), IMAGE);
            let mut fonts = res.fonts();
            fonts.pair(Name(b"F1"), FONT_REGULAR.font);
            fonts.pair(Name(b"F2"), FONT_BOLD.font);
        }
        pdf.put(&c, &[ART])?;

        let mut c = Chunk::new();
        {
            let mut res = c
                .indirect(RESOURCES)
                .start::<pdf_writer::writers::Resources>();
            res.x_objects().pair(Name(b"Art"), ART);
            res.fonts().pair(Name(b"F2"), FONT_BOLD.font);
        }
        pdf.put(&c, &[RESOURCES])?;
        Ok(pdf)
    }

    /// Adds one coupon's page: the shared art, then `serial` and a QR code of `link`.
    pub fn add(&mut self, serial: &Serial, link: &str) -> Result<()> {
        let content = page_content(&self.layout, &self.serial_font, serial, link)?;
        self.add_page(&content)
    }

    /// Adds the pages of many coupons, in order, preparing their content (QR code and zlib,
    /// the costly part) on up to `threads` threads; the pages are written in order.
    pub fn add_many(&mut self, coupons: &[(Serial, String)], threads: usize) -> Result<()> {
        let threads = threads.clamp(1, 8);
        let per = coupons.len().div_ceil(threads).max(1);
        let layout = self.layout;
        let font = &self.serial_font;
        let parts: Vec<Result<Vec<Vec<u8>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = coupons
                .chunks(per)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|(serial, link)| page_content(&layout, font, serial, link))
                            .collect::<Result<Vec<_>>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::Internal("pdf page thread panicked".into())))
                })
                .collect()
        });
        for part in parts {
            for content in part? {
                self.add_page(&content)?;
            }
        }
        Ok(())
    }

    /// Writes one page whose compressed content stream is `data`.
    fn add_page(&mut self, data: &[u8]) -> Result<()> {
        let l = self.layout;
        if self.node_pages.len() == PAGES_PER_NODE {
            self.close_node()?;
        }
        let page = self.alloc();
        let stream = self.alloc();
        let mut c = Chunk::with_capacity(data.len() + 256);
        let mut p = c.page(page);
        p.parent(self.node)
            .media_box(Rect::new(0.0, 0.0, l.width, l.height))
            .contents(stream);
        p.pair(Name(b"Resources"), RESOURCES);
        p.finish();
        let second = c.len();
        c.stream(stream, data).filter(Filter::FlateDecode);
        self.put_pair(&c, page, stream, second)?;
        self.node_pages.push(page);
        self.pages += 1;
        Ok(())
    }

    /// Coupons added so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Writes the page tree, the catalog and the cross-reference table; returns the writer.
    pub fn finish(mut self) -> Result<W> {
        if !self.node_pages.is_empty() || self.nodes.is_empty() {
            self.close_node()?;
        }
        let count = i32::try_from(self.pages)
            .map_err(|_| Error::Internal("too many pages for one PDF".into()))?;
        let mut c = Chunk::new();
        c.pages(PAGE_ROOT)
            .kids(self.nodes.iter().copied())
            .count(count);
        self.put(&c, &[PAGE_ROOT])?;
        let mut c = Chunk::new();
        c.indirect(CATALOG)
            .dict()
            .pair(Name(b"Type"), Name(b"Catalog"))
            .pair(Name(b"Pages"), PAGE_ROOT);
        self.put(&c, &[CATALOG])?;

        let xref_at = self.written;
        let objects = self.offsets.len();
        let mut table = Vec::with_capacity(objects * 20 + 100);
        write!(table, "xref\n0 {objects}\n0000000000 65535 f\r\n")?;
        for off in &self.offsets[1..] {
            write!(table, "{off:010} 00000 n\r\n")?;
        }
        write!(
            table,
            "trailer\n<< /Size {objects} /Root {} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            CATALOG.get()
        )?;
        self.raw(&table)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn alloc(&mut self) -> Ref {
        let r = Ref::new(self.next_id);
        self.next_id += 1;
        self.offsets.push(0);
        r
    }

    fn close_node(&mut self) -> Result<()> {
        let node = self.node;
        let kids = std::mem::take(&mut self.node_pages);
        let mut c = Chunk::new();
        let count = i32::try_from(kids.len()).unwrap_or(0);
        c.pages(node).parent(PAGE_ROOT).kids(kids).count(count);
        self.put(&c, &[node])?;
        self.nodes.push(node);
        self.node = self.alloc();
        Ok(())
    }

    /// Embeds the template: JPEG bytes as they are (DCT), PNG as zlib samples plus a soft
    /// mask when it has transparency.
    fn write_image(&mut self, t: &TemplateImage) -> Result<()> {
        let (w, h) = (
            i32::try_from(t.width).map_err(|_| Error::Internal("template too wide".into()))?,
            i32::try_from(t.height).map_err(|_| Error::Internal("template too tall".into()))?,
        );
        let mut c = Chunk::new();
        if t.mime == "image/jpeg" {
            let components = jpeg_components(&t.bytes)
                .ok_or_else(|| Error::Internal("template JPEG has no frame header".into()))?;
            let mut img = c.image_xobject(IMAGE, &t.bytes);
            img.filter(Filter::DctDecode);
            img.width(w).height(h).bits_per_component(8);
            match components {
                1 => img.color_space().device_gray(),
                4 => img.color_space().device_cmyk(),
                _ => img.color_space().device_rgb(),
            }
            img.finish();
            self.put(&c, &[IMAGE])?;
            return Ok(());
        }
        let decoded = image::load_from_memory_with_format(&t.bytes, image::ImageFormat::Png)
            .map_err(|e| Error::Internal(format!("template PNG: {e}")))?;
        let has_alpha = decoded.color().has_alpha();
        let rgba = decoded.into_rgba8();
        let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
        let mut alpha = Vec::with_capacity(if has_alpha { rgba.len() / 4 } else { 0 });
        for px in rgba.pixels() {
            rgb.extend_from_slice(&px.0[..3]);
            if has_alpha {
                alpha.push(px.0[3]);
            }
        }
        drop(rgba);
        let masked = has_alpha && alpha.iter().any(|&a| a != 255);
        let rgb_zip = compress_to_vec_zlib(&rgb, 6);
        drop(rgb);
        {
            let mut img = c.image_xobject(IMAGE, &rgb_zip);
            img.filter(Filter::FlateDecode);
            img.width(w).height(h).bits_per_component(8);
            img.color_space().device_rgb();
            if masked {
                img.s_mask(IMAGE_MASK);
            }
        }
        self.put(&c, &[IMAGE])?;
        if masked {
            let alpha_zip = compress_to_vec_zlib(&alpha, 6);
            let mut c = Chunk::new();
            let mut m = c.image_xobject(IMAGE_MASK, &alpha_zip);
            m.filter(Filter::FlateDecode);
            m.width(w).height(h).bits_per_component(8);
            m.color_space().device_gray();
            m.finish();
            self.put(&c, &[IMAGE_MASK])?;
        }
        Ok(())
    }

    /// Writes a chunk holding exactly one object (`ids[0]`) and records its offset.
    fn put(&mut self, c: &Chunk, ids: &[Ref]) -> Result<()> {
        if let Some(id) = ids.first() {
            self.record(*id, self.written);
        }
        self.raw(c.as_bytes())
    }

    /// Writes a chunk holding two objects, the second starting at byte `second` of it.
    fn put_pair(&mut self, c: &Chunk, first: Ref, second_ref: Ref, second: usize) -> Result<()> {
        self.record(first, self.written);
        self.record(second_ref, self.written + second as u64);
        self.raw(c.as_bytes())
    }

    fn record(&mut self, id: Ref, at: u64) {
        if let Ok(i) = usize::try_from(id.get())
            && let Some(slot) = self.offsets.get_mut(i)
        {
            *slot = at;
        }
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }
}

/// One coupon's page content, zlib-compressed: the shared art, its QR code and its serial.
fn page_content(l: &Layout, font: &FrozenFont, serial: &Serial, link: &str) -> Result<Vec<u8>> {
    let qr = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| Error::Internal(format!("qr code for {serial}: {e}")))?;
    let mut content = Content::new();
    content.x_object(Name(b"Art"));
    qr_runs(&mut content, &qr, l.qr_x, l.qr_y, l.qr_size);
    let shown = serial.display();
    let size = 15.0;
    let w = font.width(&shown, size);
    content.set_fill_rgb(0.0, 0.0, 0.0);
    content
        .begin_text()
        .set_font(Name(b"F2"), size)
        .next_line(l.serial_center_x - w / 2.0, l.serial_y)
        .show(Str(&font.encode(&shown)))
        .end_text();
    Ok(compress_to_vec_zlib(&content.finish(), CONTENT_ZLIB_LEVEL))
}

/// Draws the QR code's dark modules as one filled path of horizontal runs, in module units,
/// with a white quiet zone of four modules around it.
fn qr_runs(content: &mut Content, qr: &qrcode::QrCode, x: f32, y: f32, size: f32) {
    let n = qr.width();
    let colors = qr.to_colors();
    let quiet = 4.0;
    let modules = n as f32 + 2.0 * quiet;
    let unit = size / modules;
    content.save_state();
    content.transform([unit, 0.0, 0.0, unit, x, y]);
    content.set_fill_rgb(1.0, 1.0, 1.0);
    content.rect(0.0, 0.0, modules, modules).fill_nonzero();
    content.set_fill_rgb(0.0, 0.0, 0.0);
    for row in 0..n {
        // PDF's y axis points up; QR row 0 is the top.
        let py = quiet + (n - 1 - row) as f32;
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                content.rect(quiet + start as f32, py, (col - start) as f32, 1.0);
            } else {
                col += 1;
            }
        }
    }
    content.fill_nonzero();
    content.restore_state();
}

/// One line of the offer panel: glyph ids, size, bold, and its grey/colour as RGB.
type TextLine = (Vec<u8>, f32, bool, (f32, f32, f32));

/// The content shared by every page: the template covering the page, a white panel on the
/// right for the QR code and serial, and a white panel at the bottom left with the offer.
fn art_stream(art: &CouponArt, l: &Layout, regular: &mut PdfFont, bold: &mut PdfFont) -> Vec<u8> {
    let t = &art.template;
    let (iw, ih) = (t.width as f32, t.height as f32);
    let scale = (l.width / iw).max(l.height / ih);
    let (dw, dh) = (iw * scale, ih * scale);
    let mut c = Content::new();
    c.save_state();
    c.rect(0.0, 0.0, l.width, l.height);
    c.clip_nonzero();
    c.end_path();
    c.transform([
        dw,
        0.0,
        0.0,
        dh,
        (l.width - dw) / 2.0,
        (l.height - dh) / 2.0,
    ]);
    c.x_object(Name(b"Im"));
    c.restore_state();

    let panel_x = l.width - MARGIN_PT - SIDE_PANEL_PT;
    c.set_fill_rgb(1.0, 1.0, 1.0);
    c.rect(
        panel_x,
        MARGIN_PT,
        SIDE_PANEL_PT,
        l.height - 2.0 * MARGIN_PT,
    );
    c.fill_nonzero();

    // The side panel's fixed lines under the serial.
    let center = panel_x + SIDE_PANEL_PT / 2.0;
    let mut y = l.serial_y - 16.0;
    c.set_fill_rgb(0.2, 0.2, 0.2);
    for (line, size) in [
        (art.validity.as_str(), 8.0),
        (art.redeem_hint.as_str(), 7.0),
    ] {
        let line = pdf_text::fit(line, SIDE_PANEL_PT - 8.0, &mut |t| regular.width(t, size));
        let w = regular.width(&line, size);
        let text = regular.encode(&line);
        c.begin_text()
            .set_font(Name(b"F1"), size)
            .next_line(center - w / 2.0, y)
            .show(Str(&text))
            .end_text();
        y -= size + 4.0;
    }

    // The offer panel: merchant, title, details and terms, wrapped to the panel's width.
    let box_w = panel_x - 2.0 * MARGIN_PT + 4.0;
    let inner = box_w - 20.0;
    let mut lines: Vec<TextLine> = Vec::new();
    let mut add = |text: &str, size: f32, is_bold: bool, max: usize, rgb| {
        let face: &mut PdfFont = if is_bold { &mut *bold } else { &mut *regular };
        for line in pdf_text::wrap(text, inner, max, &mut |t| face.width(t, size)) {
            lines.push((face.encode(&line), size, is_bold, rgb));
        }
    };
    add(&art.merchant_name, 8.0, false, 1, (0.35, 0.35, 0.35));
    add(&art.title, 17.0, true, 2, (0.0, 0.0, 0.0));
    add(&art.offer_details, 10.0, false, 4, (0.1, 0.1, 0.1));
    if !art.terms.trim().is_empty() {
        add(&art.terms, 6.5, false, 4, (0.35, 0.35, 0.35));
    }
    let box_h: f32 = lines.iter().map(|(_, s, _, _)| s * 1.25).sum::<f32>() + 16.0;
    let box_h = box_h.min(l.height - 2.0 * MARGIN_PT);
    c.set_fill_rgb(1.0, 1.0, 1.0);
    c.rect(MARGIN_PT, MARGIN_PT, box_w, box_h);
    c.fill_nonzero();
    let mut y = MARGIN_PT + box_h - 8.0;
    for (text, size, bold, (r, g, b)) in &lines {
        y -= size * 1.25;
        if y < MARGIN_PT {
            break;
        }
        c.set_fill_rgb(*r, *g, *b);
        c.begin_text()
            .set_font(Name(if *bold { b"F2" } else { b"F1" }), *size)
            .next_line(MARGIN_PT + 10.0, y + size * 0.25)
            .show(Str(text))
            .end_text();
    }
    c.finish().into_vec()
}

/// The number of colour components in a JPEG's frame header (SOF0–SOF15, except the DHT,
/// JPG and DAC markers that share the range).
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return bytes.get(i + 9).copied();
        }
        i += 2 + len;
    }
    None
}
