//! The one CSV writer of every export (the ledger, a batch's coupons, the WhatsApp log): the
//! `csv` crate's quoting, and one rule against spreadsheet formula injection. Names, offers,
//! phones and company names come from users; a cell a spreadsheet would run as a formula (a
//! leading `=`, `+`, `-`, `@`, tab or carriage return) is written with a leading `'`, unless
//! it is a plain number (`-20`, `+60123456789`), which no spreadsheet runs.

use std::borrow::Cow;
use std::io::Write;

use crate::{Error, Result};

/// `cell` as it is safe to hand a spreadsheet (see the module documentation).
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An optional sign, digits, and at most one decimal point after a digit.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|b| *b == b'.').count() <= 1
}

/// Writes CSV records to `W`, one header first, every cell defused.
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
}

fn csv_error(e: ::csv::Error) -> Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::Internal(format!("csv: {other:?}")),
    }
}

impl<W: Write> CsvWriter<W> {
    /// Starts a document on `out` with the column names `header`.
    pub fn new(out: W, header: &[&str]) -> Result<Self> {
        let mut inner = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(out);
        inner.write_record(header).map_err(csv_error)?;
        Ok(Self { inner })
    }

    /// Writes one record.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        self.inner
            .write_record(cells.iter().map(|c| defuse(c.as_ref()).into_owned()))
            .map_err(csv_error)
    }

    /// Flushes and hands back the output.
    pub fn finish(self) -> Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| Error::Internal(format!("csv flush: {}", e.error())))
    }
}

/// A whole document in memory: `header`, then `rows`.
pub fn to_string<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> Result<String> {
    let mut w = CsvWriter::new(Vec::new(), header)?;
    for r in rows {
        w.row(r)?;
    }
    String::from_utf8(w.finish()?).map_err(|e| Error::Internal(format!("csv utf-8: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_and_text_kept() {
        for (cell, want) in [
            ("plain", "plain"),
            (
                "=HYPERLINK(\"http://evil\",\"x\")",
                "'=HYPERLINK(\"http://evil\",\"x\")",
            ),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"),
            ("\t=1", "'\t=1"),
            ("-20", "-20"),
            ("+60123456789", "+60123456789"),
            ("12.50", "12.50"),
            ("好味茶室", "好味茶室"),
        ] {
            assert_eq!(defuse(cell), want, "{cell}");
        }
    }

    #[test]
    fn cells_are_quoted_by_the_csv_rules() {
        let s = to_string(&["a", "b"], &[vec!["x,y", "say \"hi\""], vec!["=1", "-5"]]).unwrap();
        assert_eq!(s, "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n'=1,-5\n");
    }
}
