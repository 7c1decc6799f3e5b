//! Monthly statements: the month they cover and the figures they print, as stored (JSON) and
//! shown. Computing them is the backend's job; these types are what a page may read.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::credits::OwnerType;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// Parses `YYYY-MM` (years 2000 to 2999).
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let bad = || {
            AppError::invalid(
                "Month",
                format!("{:?} is not a month like 2026-11", raw.trim()),
            )
        };
        let s = raw.trim();
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month before this one.
    pub const fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after this one.
    pub const fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// e.g. "November 2026".
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let name = NAMES[usize::from(self.month.clamp(1, 12) - 1)];
        format!("{name} {}", self.year)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What a statement's header prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub owner_type: OwnerType,
    pub owner_id: String,
    pub company_name: String,
    /// The postal address, when the platform knows one (today: city and country).
    pub address: Option<String>,
    /// `YYYY-MM`.
    pub month: String,
    /// e.g. "1 November 2026 to 30 November 2026".
    pub period: String,
    /// The day after the period, when the statement is due: `YYYY-MM-DD`.
    pub statement_date: String,
    pub currency: String,
    /// The IANA time zone whose month boundaries the statement uses.
    pub timezone: String,
}

/// One ledger line as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Local date and time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub action: String,
    /// Whose wallet, on the master appendix (empty elsewhere).
    pub owner: String,
    pub credit_type: String,
    pub amount: i64,
    pub balance_after: i64,
    /// The words stored with the line (English).
    pub description: String,
    /// The same words as a message, printed in the statement's language: see [`Self::text`].
    #[serde(default)]
    pub message: Option<crate::i18n::Message>,
}

impl Line {
    /// What the line says in `locale` (its stored words when it has no message).
    pub fn text(&self, locale: crate::i18n::Locale) -> String {
        crate::credits::describe(&self.description, self.message.as_ref(), locale)
    }
}

/// One wallet over the month: opening balance, every line, closing balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletMonth {
    /// `coupon`, `wa_ui`, `wa_bi` or `money`.
    pub credit_type: String,
    pub opening: i64,
    pub lines: Vec<Line>,
    pub closing: i64,
}

impl WalletMonth {
    /// Whether opening plus the lines equals closing, and every running balance follows.
    pub fn reconciles(&self) -> bool {
        let mut running = self.opening;
        for l in &self.lines {
            running += l.amount;
            if running != l.balance_after {
                return false;
            }
        }
        running == self.closing
    }
}

/// A merchant's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantFigures {
    pub coupons_generated: i64,
    pub coupons_taken: i64,
    pub coupons_redeemed: i64,
    /// Never-taken coupons whose batch expired this month, refunded.
    pub coupons_expired_refunded: i64,
    pub wa_ui_success: i64,
    pub wa_ui_fail: i64,
    pub wa_bi_success: i64,
    pub wa_bi_fail: i64,
    /// Credits deducted for sent messages this month (ledger `deduct` lines).
    pub wa_ui_credits_used: i64,
    pub wa_bi_credits_used: i64,
    /// Coupon, WhatsApp UI and WhatsApp BI, in that order.
    pub wallets: Vec<WalletMonth>,
    /// Ads paid this month: how many, and what they cost (the merchant's currency).
    #[serde(default)]
    pub ads_bought: i64,
    #[serde(default)]
    pub ads_paid: i64,
    /// Rejected ads' payments refunded this month.
    #[serde(default)]
    pub ads_refunded: i64,
    /// Impressions and clicks of the merchant's ads on the month's days (UTC days).
    #[serde(default)]
    pub ad_impressions: i64,
    #[serde(default)]
    pub ad_clicks: i64,
}

/// An agent's month, money in minor units of the agent's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentFigures {
    pub new_merchants: i64,
    pub annual_fee_income: i64,
    pub package_income: i64,
    /// What its merchants paid this month for ads on its site, less this month's refunds of
    /// rejected ones.
    #[serde(default)]
    pub ad_income: i64,
    /// Platform costs taken from the agent's wallet this month (ledger `deduct` lines).
    pub costs_deducted: i64,
    /// Income less costs deducted.
    pub net_profit: i64,
    pub wallet: WalletMonth,
}

/// Revenue of the main platform in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revenue {
    pub currency: String,
    /// Packages and annual fees paid to the main platform directly.
    pub direct: i64,
    /// Platform costs deducted from agents' wallets.
    pub from_agents: i64,
    pub total: i64,
}

/// Merchants of one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    pub country: String,
    /// Merchants existing at the end of the month.
    pub merchants: i64,
    pub new_merchants: i64,
    pub wa_messages: i64,
}

/// An agent in a ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRank {
    pub company_name: String,
    pub merchants: i64,
    /// What the agent's merchants paid it this month, in `currency`.
    pub revenue: i64,
    pub currency: String,
}

/// Ledger totals of one credit type and action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub credit_type: String,
    pub action: String,
    pub lines: i64,
    pub total: i64,
}

/// All wallets of one credit type together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceTotal {
    pub credit_type: String,
    pub opening: i64,
    pub movements: i64,
    pub closing: i64,
}

/// The master platform's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MasterFigures {
    pub revenue: Vec<Revenue>,
    pub wa_ui_volume: i64,
    pub wa_bi_volume: i64,
    /// What merchants paid the main platform this month for main-platform ads, less this
    /// month's refunds of rejected ones, in the platform's currency. (Agents' platform costs
    /// of ads on their sites are in `revenue.from_agents`.)
    pub ad_revenue: i64,
    pub countries: Vec<CountryRow>,
    pub top_agents_by_merchants: Vec<AgentRank>,
    pub top_agents_by_revenue: Vec<AgentRank>,
    pub overview: Vec<OverviewRow>,
    pub balances: Vec<BalanceTotal>,
    /// Ledger lines of the month, platform-wide. The PDF's appendix prints every one of them
    /// (read from the ledger as it is written, so they are not copied here).
    pub appendix_lines: i64,
}

impl MasterFigures {
    /// Whether each credit type's opening plus movements equals its closing, and the movements
    /// equal the overview's totals.
    pub fn reconciles(&self) -> bool {
        self.balances.iter().all(|b| {
            let lines: i64 = self
                .overview
                .iter()
                .filter(|o| o.credit_type == b.credit_type)
                .map(|o| o.total)
                .sum();
            b.opening + b.movements == b.closing && lines == b.movements
        })
    }
}

/// What a statement covers, by kind of owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Merchant(MerchantFigures),
    Agent(AgentFigures),
    Master(Box<MasterFigures>),
}

/// A statement's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub header: Header,
    pub body: Body,
}

impl Figures {
    /// Whether every balance on the statement reconciles (opening + lines = closing).
    pub fn reconciles(&self) -> bool {
        match &self.body {
            Body::Merchant(m) => m.wallets.iter().all(WalletMonth::reconciles),
            Body::Agent(a) => a.wallet.reconciles(),
            Body::Master(m) => m.reconciles(),
        }
    }
}

/// One statement in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    pub id: String,
    pub owner_type: OwnerType,
    pub owner_id: String,
    pub company_name: String,
    /// `YYYY-MM`.
    pub month: String,
    pub generated_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2026-01").unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(
            m,
            Month {
                year: 2026,
                month: 1
            }
        );
        assert_eq!(m.prev().to_string(), "2025-12");
        assert_eq!(m.prev().next(), m);
        assert_eq!(
            Month {
                year: 2026,
                month: 12
            }
            .next()
            .to_string(),
            "2027-01"
        );
        assert_eq!(m.label(), "January 2026");
        for bad in [
            "2026-13", "2026-00", "26-01", "2026/01", "2026-1", "", "abcd-ef",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_wallet_reconciles_only_when_the_lines_add_up() {
        let line = |amount, balance_after| Line {
            at: String::new(),
            action: "purchase".into(),
            owner: String::new(),
            credit_type: "coupon".into(),
            amount,
            balance_after,
            description: String::new(),
            message: None,
        };
        let mut w = WalletMonth {
            credit_type: "coupon".into(),
            opening: 10,
            lines: vec![line(5, 15), line(-3, 12)],
            closing: 12,
        };
        assert!(w.reconciles());
        w.closing = 13;
        assert!(!w.reconciles());
        w.closing = 12;
        w.lines[1].balance_after = 11;
        assert!(!w.reconciles());
    }
}
