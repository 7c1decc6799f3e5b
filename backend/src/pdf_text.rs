//! Text in PDFs, in any script the market writes: Latin with Malay's letters, Chinese, and
//! whatever a merchant or customer types.
//!
//! Coupons and statements embed a real font (Noto Sans CJK SC, from Debian's `fonts-noto-cjk`,
//! OFL-licensed: it covers Latin and CJK in one face) as a subset holding only the glyphs the
//! document uses, so a coupon batch carries a few kilobytes of font however many pages it
//! has. Text is written as glyph ids of that subset (a Type 0 font with Identity-H encoding),
//! and a ToUnicode map turns them back into characters, so `pdftotext` and copy-and-paste
//! give the exact text.
//!
//! Contract:
//! - [`FontSet::load`] reads the two font files named by [`FontPaths`] (typed config:
//!   `PDF_FONT_REGULAR`, `PDF_FONT_BOLD`) or refuses with the path and what to install;
//! - [`PdfFont::width`] measures with the font's own advances, so wrapping and alignment match
//!   what is drawn; [`PdfFont::encode`] records every glyph it hands out, and
//!   [`PdfFont::objects`] embeds exactly those;
//! - a character the font lacks draws as the font's blank `.notdef` glyph and keeps its
//!   character in the ToUnicode map, never as `?`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use crate::{Error, Result};

/// Where the PDF fonts are: a regular and a bold face file, and the family to pick from a
/// collection (`.ttc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontPaths {
    pub regular: PathBuf,
    pub bold: PathBuf,
    /// A collection's face whose family name contains this (`SC`: Simplified Chinese, the
    /// market's Chinese); ignored for single-face files.
    pub family_hint: String,
}

impl Default for FontPaths {
    fn default() -> Self {
        let dir = PathBuf::from("/usr/share/fonts/opentype/noto");
        Self {
            regular: dir.join("NotoSansCJK-Regular.ttc"),
            bold: dir.join("NotoSansCJK-Bold.ttc"),
            family_hint: "SC".into(),
        }
    }
}

/// One font file in memory, with the face to use.
#[derive(Debug)]
pub struct FontFile {
    data: Vec<u8>,
    index: u32,
    /// The PostScript name, for the PDF's `BaseFont`.
    ps_name: String,
}

/// The two faces documents use.
#[derive(Debug, Clone)]
pub struct FontSet {
    pub regular: Arc<FontFile>,
    pub bold: Arc<FontFile>,
}

impl FontSet {
    /// Reads both faces. A missing or unreadable file refuses with its path and the fix.
    pub fn load(paths: &FontPaths) -> Result<Self> {
        Ok(Self {
            regular: Arc::new(FontFile::load(&paths.regular, &paths.family_hint)?),
            bold: Arc::new(FontFile::load(&paths.bold, &paths.family_hint)?),
        })
    }
}

impl FontFile {
    fn load(path: &std::path::Path, family_hint: &str) -> Result<Self> {
        let data = std::fs::read(path).map_err(|e| {
            Error::Internal(format!(
                "PDF font {}: {e}. Install Debian's fonts-noto-cjk (scripts/setup.sh does) or \
                 set PDF_FONT_REGULAR and PDF_FONT_BOLD to OpenType fonts covering Latin and CJK",
                path.display()
            ))
        })?;
        let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut chosen = None;
        for index in 0..faces {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else {
                continue;
            };
            let family = name_of(&face, ttf_parser::name_id::FAMILY).unwrap_or_default();
            let ps = name_of(&face, ttf_parser::name_id::POST_SCRIPT_NAME).unwrap_or_default();
            if chosen.is_none() || family.split_whitespace().any(|w| w == family_hint) {
                chosen = Some((index, ps));
            }
            if family.split_whitespace().any(|w| w == family_hint) {
                break;
            }
        }
        let (index, ps_name) = chosen.ok_or_else(|| {
            Error::Internal(format!("PDF font {}: not an OpenType font", path.display()))
        })?;
        Ok(Self {
            data,
            index,
            ps_name: ps_name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
        })
    }

    fn face(&self) -> Result<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(&self.data, self.index)
            .map_err(|e| Error::Internal(format!("PDF font: {e}")))
    }
}

fn name_of(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .find_map(|n| n.to_string())
}

/// The objects one embedded font takes.
#[derive(Debug, Clone, Copy)]
pub struct FontRefs {
    /// The Type 0 font pages name in their resources.
    pub font: Ref,
    pub cid_font: Ref,
    pub descriptor: Ref,
    pub file: Ref,
    pub to_unicode: Ref,
}

impl FontRefs {
    /// Five consecutive object numbers from `first`.
    pub const fn from(first: i32) -> Self {
        Self {
            font: Ref::new(first),
            cid_font: Ref::new(first + 1),
            descriptor: Ref::new(first + 2),
            file: Ref::new(first + 3),
            to_unicode: Ref::new(first + 4),
        }
    }
}

/// What one character became: its glyph in the subset and its advance in 1/1000 em.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    new_id: u16,
    width: f32,
}

/// One face as used by one document: measures text, encodes it as the subset's glyph ids and
/// remembers each glyph handed out.
#[derive(Debug)]
pub struct PdfFont {
    file: Arc<FontFile>,
    remapper: GlyphRemapper,
    /// Every character met so far and its glyph.
    known: FrozenFont,
    /// Width (1/1000 em) and first character of each new glyph id, in id order.
    by_new_id: Vec<(f32, Option<char>)>,
}

impl PdfFont {
    pub fn new(file: Arc<FontFile>) -> Result<Self> {
        let face = file.face()?;
        let per_em = f32::from(face.units_per_em().max(1));
        let notdef_width = f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0))
            * 1000.0
            / per_em;
        let mut remapper = GlyphRemapper::new();
        remapper.remap(0);
        Ok(Self {
            file,
            remapper,
            known: FrozenFont {
                glyphs: HashMap::new(),
                notdef_width,
            },
            by_new_id: vec![(notdef_width, None)],
        })
    }

    /// Makes sure every character of `text` has its glyph (one font parse for all new ones).
    fn learn(&mut self, text: &str) {
        if text.chars().all(|c| self.known.glyphs.contains_key(&c)) {
            return;
        }
        let Ok(face) = self.file.face() else { return };
        let per_em = f32::from(face.units_per_em().max(1));
        for ch in text.chars() {
            if self.known.glyphs.contains_key(&ch) {
                continue;
            }
            let glyph = match face.glyph_index(ch) {
                Some(gid) => {
                    let width =
                        f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) * 1000.0 / per_em;
                    let new_id = self.remapper.remap(gid.0);
                    if usize::from(new_id) == self.by_new_id.len() {
                        self.by_new_id.push((width, Some(ch)));
                    }
                    Glyph { new_id, width }
                }
                None => Glyph {
                    new_id: 0,
                    width: self.known.notdef_width,
                },
            };
            self.known.glyphs.insert(ch, glyph);
        }
    }

    /// The width of `text` at `size` points.
    pub fn width(&mut self, text: &str, size: f32) -> f32 {
        self.learn(text);
        self.known.width(text, size)
    }

    /// `text` as two-byte glyph ids for a `Tj` operator (control characters dropped).
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        self.learn(text);
        self.known.encode(text)
    }

    /// A frozen copy of what is known so far, for encoding known characters on other threads.
    pub fn frozen(&self) -> FrozenFont {
        self.known.clone()
    }

    /// The font's objects, one chunk each, with the subset of every glyph handed out so far.
    pub fn objects(&self, refs: FontRefs) -> Result<Vec<(Ref, Chunk)>> {
        let face = self.file.face()?;
        let per_em = f32::from(face.units_per_em().max(1));
        let scale = |v: i16| f32::from(v) * 1000.0 / per_em;
        let subset = subsetter::subset(&self.file.data, self.file.index, &self.remapper)
            .map_err(|e| Error::Internal(format!("PDF font subset: {e}")))?;
        let cff = face.tables().cff.is_some();
        let tag = subset_tag(&self.by_new_id);
        let base = format!("{tag}+{}", self.file.ps_name);
        let mut out = Vec::with_capacity(5);

        let mut c = Chunk::new();
        c.type0_font(refs.font)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(refs.cid_font)
            .to_unicode(refs.to_unicode);
        out.push((refs.font, c));

        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let mut c = Chunk::new();
        {
            let mut cid = c.cid_font(refs.cid_font);
            cid.subtype(if cff {
                CidFontType::Type0
            } else {
                CidFontType::Type2
            })
            .base_font(Name(base.as_bytes()))
            .system_info(info)
            .font_descriptor(refs.descriptor)
            .default_width(self.known.notdef_width);
            if !cff {
                cid.cid_to_gid_map_predefined(Name(b"Identity"));
            }
            cid.widths()
                .consecutive(0, self.by_new_id.iter().map(|(w, _)| *w));
        }
        out.push((refs.cid_font, c));

        let b = face.global_bounding_box();
        let mut flags = FontFlags::SYMBOLIC;
        if face.is_monospaced() {
            flags |= FontFlags::FIXED_PITCH;
        }
        let ascent = scale(face.ascender());
        let descent = scale(face.descender());
        let cap = face.capital_height().map_or(ascent, scale);
        let mut c = Chunk::new();
        {
            let mut d = c.font_descriptor(refs.descriptor);
            d.name(Name(base.as_bytes()))
                .flags(flags)
                .bbox(Rect::new(
                    scale(b.x_min),
                    scale(b.y_min),
                    scale(b.x_max),
                    scale(b.y_max),
                ))
                .italic_angle(0.0)
                .ascent(ascent)
                .descent(descent)
                .cap_height(cap)
                .stem_v(80.0);
            if cff {
                d.font_file3(refs.file);
            } else {
                d.font_file2(refs.file);
            }
        }
        out.push((refs.descriptor, c));

        let zipped = compress_to_vec_zlib(&subset, 6);
        let mut c = Chunk::new();
        {
            let mut file = c.stream(refs.file, &zipped);
            file.filter(Filter::FlateDecode);
            if cff {
                file.pair(Name(b"Subtype"), Name(b"OpenType"));
            }
        }
        out.push((refs.file, c));

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
        for (new_id, (_, ch)) in self.by_new_id.iter().enumerate() {
            if let (Some(ch), Ok(id)) = (ch, u16::try_from(new_id)) {
                cmap.pair(id, *ch);
            }
        }
        let cmap = compress_to_vec_zlib(&cmap.finish(), 6);
        let mut c = Chunk::new();
        c.stream(refs.to_unicode, &cmap).filter(Filter::FlateDecode);
        out.push((refs.to_unicode, c));
        Ok(out)
    }
}

/// The six capital letters before a subset font's name (PDF 9.6.4), from its glyphs, so one
/// subset keeps one tag.
fn subset_tag(glyphs: &[(f32, Option<char>)]) -> String {
    let mut h: u32 = 2_166_136_261;
    for (_, ch) in glyphs {
        h = (h ^ ch.map_or(0, u32::from)).wrapping_mul(16_777_619);
    }
    (0..6)
        .map(|i| char::from(b'A' + u8::try_from((h >> (i * 5)) % 26).unwrap_or(0)))
        .collect()
}

/// Encodes and measures characters a [`PdfFont`] already knows, from any thread; anything
/// else draws as `.notdef`.
#[derive(Debug, Clone)]
pub struct FrozenFont {
    glyphs: HashMap<char, Glyph>,
    notdef_width: f32,
}

impl FrozenFont {
    pub fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .filter(|c| !c.is_control())
            .flat_map(|c| self.glyphs.get(&c).map_or(0, |g| g.new_id).to_be_bytes())
            .collect()
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| self.glyphs.get(&c).map_or(self.notdef_width, |g| g.width))
            .sum();
        units / 1000.0 * size
    }
}

/// Whether a line may break before or after `c` without a space: CJK ideographs, kana and
/// fullwidth forms (Chinese is written without spaces).
pub fn breaks_anywhere(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Breaks `text` into at most `max` lines no wider than `width` (measured by `measure`);
/// lines break at spaces, and anywhere between CJK characters. The last shown line ends in an
/// ellipsis when text was left out.
pub fn wrap(
    text: &str,
    width: f32,
    max: usize,
    measure: &mut dyn FnMut(&str) -> f32,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    for paragraph in text.lines() {
        let mut line = String::new();
        for (unit, spaced) in units(paragraph) {
            let candidate = if line.is_empty() {
                unit.clone()
            } else if spaced {
                format!("{line} {unit}")
            } else {
                format!("{line}{unit}")
            };
            if line.is_empty() || measure(&candidate) <= width {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = unit;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        cut = true;
    }
    for line in &mut lines {
        while measure(line) > width && line.pop().is_some() {
            cut = true;
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        while !last.is_empty() && measure(&format!("{last}…")) > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// The pieces a line may break between, each with whether a space came before it: words
/// between spaces, and each CJK character on its own.
fn units(paragraph: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for word in paragraph.split_whitespace() {
        let mut first = true;
        let mut run = String::new();
        for c in word.chars() {
            if breaks_anywhere(c) {
                if !run.is_empty() {
                    out.push((std::mem::take(&mut run), first));
                    first = false;
                }
                out.push((c.to_string(), first));
                first = false;
            } else {
                run.push(c);
            }
        }
        if !run.is_empty() {
            out.push((run, first));
        }
    }
    out
}

/// Cuts `text` to fit `width`, ending in an ellipsis when anything was cut.
pub fn fit(text: &str, width: f32, measure: &mut dyn FnMut(&str) -> f32) -> String {
    if measure(text) <= width {
        return text.to_owned();
    }
    let mut s: String = text.to_owned();
    while !s.is_empty() && measure(&format!("{s}…")) > width {
        s.pop();
    }
    format!("{s}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontSet {
        FontSet::load(&FontPaths::default()).expect("fonts-noto-cjk is installed by setup.sh")
    }

    #[test]
    fn chinese_and_latin_measure_and_encode_with_one_font() {
        let set = fonts();
        let mut f = PdfFont::new(set.regular.clone()).unwrap();
        let w_cjk = f.width("好味", 10.0);
        let w_latin = f.width("ab", 10.0);
        assert!((w_cjk - 20.0).abs() < 0.5, "ideographs are one em: {w_cjk}");
        assert!(w_latin > 5.0 && w_latin < 15.0, "{w_latin}");
        let bytes = f.encode("好a好");
        assert_eq!(bytes.len(), 6);
        assert_eq!(bytes[0..2], bytes[4..6], "one glyph id per character");
        assert_ne!(bytes[0..2], [0, 0]);
    }

    #[test]
    fn the_subset_holds_only_what_was_used() {
        let set = fonts();
        let mut f = PdfFont::new(set.regular.clone()).unwrap();
        f.encode("好味茶室 Diskaun 50%");
        let bytes: usize = f
            .objects(FontRefs::from(10))
            .unwrap()
            .iter()
            .map(|(_, c)| c.len())
            .sum();
        assert!(bytes < 40_000, "the font takes {bytes} bytes");
    }

    #[test]
    fn chinese_wraps_between_characters_and_words_at_spaces() {
        let set = fonts();
        let mut f = PdfFont::new(set.regular.clone()).unwrap();
        let mut m = |s: &str| f.width(s, 10.0);
        let lines = wrap("好味茶室半价优惠每天都有", 45.0, 5, &mut m);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.concat(), "好味茶室半价优惠每天都有");
        let lines = wrap("Diskaun 50% untuk semua minuman", 80.0, 5, &mut m);
        assert_eq!(lines.join(" "), "Diskaun 50% untuk semua minuman");
        let cut = wrap("好味茶室半价优惠每天都有", 45.0, 1, &mut m);
        assert!(cut[0].ends_with('…'));
    }

    #[test]
    fn a_missing_font_file_says_what_to_install() {
        let e = FontSet::load(&FontPaths {
            regular: "/nonexistent/font.ttc".into(),
            ..FontPaths::default()
        })
        .unwrap_err();
        assert!(e.to_string().contains("fonts-noto-cjk"), "{e}");
    }
}
