//! A statement's PDF: A4 pages of headings, label/value pairs and tables. Tables repeat their
//! header row on every page they run onto, amounts are right-aligned, and every page carries
//! "Page n of m" (the layout is done first, so the page count is known before writing).
//!
//! Text uses the embedded subset fonts of [`crate::pdf_text`] (any script: a company named
//! "好味茶室 Sdn Bhd" prints as typed), measured with the font's own advances; a cell too wide
//! for its column is cut with "…".

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use domain::i18n::{self, Arg, Locale};

use crate::Result;
use crate::pdf_text::{self, FontRefs, FontSet, PdfFont};

/// The two faces of one statement, measuring and encoding its text.
struct Type {
    regular: PdfFont,
    bold: PdfFont,
}

impl Type {
    fn new(fonts: &FontSet) -> Result<Self> {
        Ok(Self {
            regular: PdfFont::new(fonts.regular.clone())?,
            bold: PdfFont::new(fonts.bold.clone())?,
        })
    }
    fn face(&mut self, bold: bool) -> &mut PdfFont {
        if bold {
            &mut self.bold
        } else {
            &mut self.regular
        }
    }
    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.face(bold).width(text, size)
    }
    /// `text` cut to `width` points, ending in "…" when cut.
    fn fit(&mut self, text: &str, size: f32, bold: bool, width: f32) -> String {
        let face = self.face(bold);
        pdf_text::fit(text, width, &mut |t| face.width(t, size))
    }
}

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;
/// The lowest a line of body may sit: above the footer.
const BODY_BOTTOM: f32 = MARGIN + 24.0;
const ROW_HEIGHT: f32 = 12.5;
const TABLE_SIZE: f32 = 8.0;
const TEXT_SIZE: f32 = 9.5;
const CELL_PAD: f32 = 3.0;

/// One column of a table: its title, its share of the page width, and whether it is an amount
/// (right-aligned).
#[derive(Debug, Clone)]
pub struct Col {
    pub title: String,
    /// Relative width; a table's columns fill the width between the margins.
    pub weight: f32,
    pub right: bool,
}

/// What a statement is made of, top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A plain line of text.
    Text(String),
    /// Label and value rows (values right-aligned).
    Pairs(Vec<(String, String)>),
    /// A table; its header repeats on every page it spans.
    Table {
        cols: Vec<Col>,
        rows: Vec<Vec<String>>,
    },
}

/// The header block of the first page.
#[derive(Debug, Clone)]
pub struct Masthead {
    pub title: String,
    pub company_name: String,
    pub lines: Vec<String>,
    /// Printed in every page's footer next to the page number.
    pub footer: String,
    /// The language of the statement's own words (page numbers, empty tables).
    pub locale: Locale,
}

#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    Rule {
        y: f32,
    },
}

/// Lays `blocks` out on A4 pages and writes the PDF; returns its bytes and the page count.
pub fn render(fonts: &FontSet, masthead: &Masthead, blocks: &[Block]) -> Result<(Vec<u8>, usize)> {
    let w = Writer::new(fonts, masthead, blocks, None)?;
    let count = w.pages();
    Ok((w.finish()?, count))
}

struct Layouter<'t> {
    pages: Vec<Vec<Op>>,
    y: f32,
    ty: &'t mut Type,
    locale: Locale,
}

impl Layouter<'_> {
    fn fit(&mut self, text: &str, size: f32, bold: bool, width: f32) -> String {
        self.ty.fit(text, size, bold, width)
    }
    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.ty.width(text, size, bold)
    }
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN;
    }
    /// Makes room for `h` points, starting a page when needed; whether a page was started.
    fn room(&mut self, h: f32) -> bool {
        if self.y - h < BODY_BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }
    fn text(&mut self, x: f32, size: f32, bold: bool, text: String) {
        let y = self.y;
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            text,
        });
    }
}

fn layout(ty: &mut Type, m: &Masthead, blocks: &[Block]) -> Vec<Vec<Op>> {
    let mut l = Layouter {
        pages: vec![Vec::new()],
        y: PAGE_HEIGHT - MARGIN,
        ty,
        locale: m.locale,
    };
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    l.y -= 16.0;
    let company = l.fit(&m.company_name, 16.0, true, width * 0.6);
    l.text(MARGIN, 16.0, true, company);
    let title_w = l.width(&m.title, 13.0, true);
    let y = l.y;
    l.ops().push(Op::Text {
        x: PAGE_WIDTH - MARGIN - title_w,
        y,
        size: 13.0,
        bold: true,
        text: m.title.clone(),
    });
    l.y -= 6.0;
    for line in &m.lines {
        l.y -= 12.0;
        let line = l.fit(line, TEXT_SIZE, false, width);
        l.text(MARGIN, TEXT_SIZE, false, line);
    }
    l.y -= 8.0;
    let y = l.y;
    l.ops().push(Op::Rule { y });
    l.y -= 6.0;

    for b in blocks {
        match b {
            Block::Heading(h) => {
                // Keep a heading with at least three lines of what follows.
                l.room(22.0 + 3.0 * ROW_HEIGHT);
                l.y -= 20.0;
                let h = l.fit(h, 11.5, true, width);
                l.text(MARGIN, 11.5, true, h);
                l.y -= 4.0;
            }
            Block::Text(t) => {
                l.room(ROW_HEIGHT + 2.0);
                l.y -= ROW_HEIGHT + 2.0;
                let t = l.fit(t, TEXT_SIZE, false, width);
                l.text(MARGIN, TEXT_SIZE, false, t);
            }
            Block::Pairs(pairs) => {
                let label_w = width * 0.6;
                for (k, v) in pairs {
                    l.room(ROW_HEIGHT + 1.0);
                    l.y -= ROW_HEIGHT + 1.0;
                    let k = l.fit(k, TEXT_SIZE, false, label_w);
                    l.text(MARGIN, TEXT_SIZE, false, k);
                    let v = l.fit(v, TEXT_SIZE, true, width - label_w);
                    let x = MARGIN + width - l.width(&v, TEXT_SIZE, true);
                    l.text(x, TEXT_SIZE, true, v);
                }
            }
            Block::Table { cols, rows } => table(&mut l, cols, rows, width),
        }
    }
    l.pages
}

fn table(l: &mut Layouter<'_>, cols: &[Col], rows: &[Vec<String>], width: f32) {
    let total: f32 = cols.iter().map(|c| c.weight).sum::<f32>().max(f32::EPSILON);
    let widths: Vec<f32> = cols.iter().map(|c| c.weight / total * width).collect();
    let header = |l: &mut Layouter<'_>| {
        l.y -= ROW_HEIGHT + 2.0;
        let y = l.y;
        l.ops().push(Op::Fill {
            x: MARGIN,
            y: y - 3.5,
            w: width,
            h: ROW_HEIGHT + 1.5,
            gray: 0.88,
        });
        let mut x = MARGIN;
        for (c, w) in cols.iter().zip(&widths) {
            let t = l.fit(&c.title, TABLE_SIZE, true, w - 2.0 * CELL_PAD);
            let tx = if c.right {
                x + w - CELL_PAD - l.width(&t, TABLE_SIZE, true)
            } else {
                x + CELL_PAD
            };
            l.ops().push(Op::Text {
                x: tx,
                y,
                size: TABLE_SIZE,
                bold: true,
                text: t,
            });
            x += w;
        }
    };
    l.room(3.0 * ROW_HEIGHT);
    header(l);
    if rows.is_empty() {
        l.y -= ROW_HEIGHT;
        let none = i18n::t(l.locale, "statement-no-lines");
        l.text(MARGIN + CELL_PAD, TABLE_SIZE, false, none);
    }
    for (i, row) in rows.iter().enumerate() {
        if l.room(ROW_HEIGHT) {
            header(l);
        }
        l.y -= ROW_HEIGHT;
        let y = l.y;
        if i % 2 == 1 {
            l.ops().push(Op::Fill {
                x: MARGIN,
                y: y - 3.5,
                w: width,
                h: ROW_HEIGHT,
                gray: 0.96,
            });
        }
        let mut x = MARGIN;
        for ((c, w), cell) in cols.iter().zip(&widths).zip(row) {
            let t = l.fit(cell, TABLE_SIZE, false, w - 2.0 * CELL_PAD);
            let tx = if c.right {
                x + w - CELL_PAD - l.width(&t, TABLE_SIZE, false)
            } else {
                x + CELL_PAD
            };
            l.ops().push(Op::Text {
                x: tx,
                y,
                size: TABLE_SIZE,
                bold: false,
                text: t,
            });
            x += w;
        }
    }
    l.y -= 4.0;
}

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const FONT_REGULAR: FontRefs = FontRefs::from(3);
const FONT_BOLD: FontRefs = FontRefs::from(8);
const FIRST_FREE: i32 = 13;

/// A table too long to hold in memory, printed after the body on pages of its own: its
/// rows arrive a page at a time ([`Writer::appendix_page`]) and its length is known first,
/// so "Page n of m" is right from the first page.
#[derive(Debug, Clone)]
pub struct Appendix {
    pub title: String,
    pub cols: Vec<Col>,
    pub rows: usize,
}

/// Where the first appendix row of a page sits: below the heading and the table header.
fn appendix_top() -> f32 {
    PAGE_HEIGHT - MARGIN - 24.0 - (ROW_HEIGHT + 2.0)
}

/// Appendix rows on one page.
pub fn appendix_rows_per_page() -> usize {
    let mut y = appendix_top();
    let mut n = 0;
    while y - ROW_HEIGHT >= BODY_BOTTOM {
        y -= ROW_HEIGHT;
        n += 1;
    }
    n
}

/// Writes a statement page by page: the laid-out body first, then the appendix pages.
pub struct Writer {
    pdf: Pdf,
    ty: Type,
    locale: Locale,
    footer: String,
    total: usize,
    written: usize,
    appendix: Option<Appendix>,
}

impl Writer {
    /// Lays out and writes the masthead and `blocks`; `appendix`'s pages follow.
    pub fn new(
        fonts: &FontSet,
        masthead: &Masthead,
        blocks: &[Block],
        appendix: Option<Appendix>,
    ) -> Result<Self> {
        let mut ty = Type::new(fonts)?;
        let pages = layout(&mut ty, masthead, blocks);
        let appendix_pages = appendix
            .as_ref()
            .map_or(0, |a| a.rows.div_ceil(appendix_rows_per_page()).max(1));
        let total = pages.len() + appendix_pages;
        let mut pdf = Pdf::new();
        pdf.catalog(CATALOG).pages(PAGE_TREE);
        pdf.pages(PAGE_TREE)
            .kids((0..total).map(page_ref))
            .count(i32::try_from(total).unwrap_or(i32::MAX));
        let mut w = Self {
            pdf,
            ty,
            locale: masthead.locale,
            footer: masthead.footer.clone(),
            total,
            written: 0,
            appendix,
        };
        for ops in pages {
            w.page(ops);
        }
        Ok(w)
    }

    /// Writes the next appendix page with `rows` (at most [`appendix_rows_per_page`]).
    pub fn appendix_page(&mut self, rows: &[Vec<String>]) {
        let Some(a) = &self.appendix else { return };
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let mut l = Layouter {
            pages: vec![Vec::new()],
            y: PAGE_HEIGHT - MARGIN - 20.0,
            ty: &mut self.ty,
            locale: self.locale,
        };
        let title = l.fit(&a.title, 11.5, true, width);
        l.text(MARGIN, 11.5, true, title);
        l.y -= 4.0;
        table(&mut l, &a.cols.clone(), rows, width);
        let pages = l.pages;
        for ops in pages {
            self.page(ops);
        }
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.written
    }

    /// The PDF's bytes, with the fonts' subsets of every glyph the pages used; the page
    /// count given at the start must have been written.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        for (face, refs) in [(&self.ty.regular, FONT_REGULAR), (&self.ty.bold, FONT_BOLD)] {
            for (_, chunk) in face.objects(refs)? {
                self.pdf.extend(&chunk);
            }
        }
        Ok(self.pdf.finish())
    }

    fn page(&mut self, ops: Vec<Op>) {
        let id = page_ref(self.written);
        let content_id = Ref::new(id.get() + 1);
        let mut page = self.pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(PAGE_TREE)
            .contents(content_id);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), FONT_REGULAR.font)
            .pair(Name(b"F2"), FONT_BOLD.font);
        page.finish();

        let mut c = Content::new();
        for op in ops {
            match op {
                Op::Fill { x, y, w, h, gray } => {
                    c.set_fill_gray(gray);
                    c.rect(x, y, w, h).fill_nonzero();
                    c.set_fill_gray(0.0);
                }
                Op::Rule { y } => {
                    c.set_line_width(0.8);
                    c.move_to(MARGIN, y)
                        .line_to(PAGE_WIDTH - MARGIN, y)
                        .stroke();
                }
                Op::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => show(&mut c, &mut self.ty, x, y, size, bold, &text),
            }
        }
        // Footer: a rule, the statement's name, and the page number.
        c.set_line_width(0.4);
        c.move_to(MARGIN, MARGIN + 12.0)
            .line_to(PAGE_WIDTH - MARGIN, MARGIN + 12.0)
            .stroke();
        let footer = self
            .ty
            .fit(&self.footer, 7.5, false, (PAGE_WIDTH - 2.0 * MARGIN) * 0.7);
        show(&mut c, &mut self.ty, MARGIN, MARGIN, 7.5, false, &footer);
        self.written += 1;
        let number = i18n::t_args(
            self.locale,
            "statement-page-of",
            &[
                ("n", Arg::from(self.written)),
                ("total", Arg::from(self.total)),
            ],
        );
        let x = PAGE_WIDTH - MARGIN - self.ty.width(&number, 7.5, false);
        show(&mut c, &mut self.ty, x, MARGIN, 7.5, false, &number);
        let zipped = compress_to_vec_zlib(&c.finish(), 6);
        self.pdf
            .stream(content_id, &zipped)
            .filter(Filter::FlateDecode);
    }
}

fn page_ref(i: usize) -> Ref {
    Ref::new(FIRST_FREE + 2 * i32::try_from(i).unwrap_or(0))
}

fn show(c: &mut Content, ty: &mut Type, x: f32, y: f32, size: f32, bold: bool, text: &str) {
    let font = if bold { Name(b"F2") } else { Name(b"F1") };
    let glyphs = ty.face(bold).encode(text);
    c.begin_text()
        .set_font(font, size)
        .next_line(x, y)
        .show(Str(&glyphs))
        .end_text();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf_text::FontPaths;

    fn fonts() -> FontSet {
        FontSet::load(&FontPaths::default()).expect("fonts-noto-cjk is installed by setup.sh")
    }

    #[test]
    fn long_tables_run_onto_pages_with_their_header_and_page_numbers() {
        let m = Masthead {
            title: "Statement".into(),
            company_name: "Acme".into(),
            lines: vec!["Period".into()],
            footer: "Acme · 2026-11".into(),
            locale: Locale::En,
        };
        let rows: Vec<Vec<String>> = (0..300)
            .map(|i| vec![format!("row {i}"), format!("{i}")])
            .collect();
        let cols = vec![
            Col {
                title: "What".into(),
                weight: 3.0,
                right: false,
            },
            Col {
                title: "Amount".into(),
                weight: 1.0,
                right: true,
            },
        ];
        let fonts = fonts();
        let mut ty = Type::new(&fonts).unwrap();
        let pages = layout(
            &mut ty,
            &m,
            &[Block::Table {
                cols: cols.clone(),
                rows: rows.clone(),
            }],
        );
        assert!(pages.len() >= 5, "{} pages", pages.len());
        for p in &pages {
            let headers = p
                .iter()
                .filter(|o| matches!(o, Op::Text { text, bold: true, .. } if text == "Amount"))
                .count();
            assert_eq!(headers, 1, "every page repeats the header once");
            assert!(
                p.iter()
                    .all(|o| !matches!(o, Op::Text { y, .. } if *y < BODY_BOTTOM))
            );
        }
        let (bytes, n) = render(&fonts, &m, &[Block::Table { cols, rows }]).unwrap();
        assert_eq!(n, pages.len());
        assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn a_full_appendix_page_is_one_page_and_the_count_is_known_first() {
        let m = Masthead {
            title: "Statement".into(),
            company_name: "Acme".into(),
            lines: vec![],
            footer: "Acme".into(),
            locale: Locale::En,
        };
        let cols = vec![Col {
            title: "Line".into(),
            weight: 1.0,
            right: false,
        }];
        let per = appendix_rows_per_page();
        assert!(per > 40, "{per}");
        let rows = 2 * per + 1;
        let mut w = Writer::new(
            &fonts(),
            &m,
            &[Block::Text("body".into())],
            Some(Appendix {
                title: "Appendix".into(),
                cols,
                rows,
            }),
        )
        .unwrap();
        assert_eq!(w.pages(), 1);
        let all: Vec<Vec<String>> = (0..rows).map(|i| vec![format!("line {i}")]).collect();
        for chunk in all.chunks(per) {
            let before = w.pages();
            w.appendix_page(chunk);
            assert_eq!(w.pages(), before + 1, "one page per chunk");
        }
        assert_eq!(w.total, 4);
        assert!(w.finish().unwrap().starts_with(b"%PDF-"));
    }

    #[test]
    fn cut_text_fits_and_ends_in_an_ellipsis() {
        let mut ty = Type::new(&fonts()).unwrap();
        for long in ["x".repeat(500), "好味".repeat(100)] {
            let f = ty.fit(&long, 8.0, false, 100.0);
            assert!(ty.width(&f, 8.0, false) <= 100.0);
            assert!(f.ends_with('…'));
        }
        assert_eq!(ty.fit("short", 8.0, false, 100.0), "short");
    }
}
