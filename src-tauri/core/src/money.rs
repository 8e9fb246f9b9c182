//! Money is integer pence. People type pounds: "1,250,000", "£3.5m" is not accepted,
//! "£1,250,000.50" is.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// An amount of money in whole pence. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct Pence(pub i64);

/// Largest amount accepted: £1 trillion, well above any council contract, and far from
/// overflowing `i64` pence in sums.
pub const MAX_POUNDS: i64 = 1_000_000_000_000;

/// Why a typed amount was refused; turned into a sentence naming the field by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyRule {
    NotANumber,
    Negative,
    TooManyDecimals,
    TooLarge,
}

impl MoneyRule {
    pub fn sentence(self, label: &str) -> String {
        match self {
            MoneyRule::NotANumber => {
                format!("{label} must be an amount in pounds, like 1250000 or 1,250,000.50")
            }
            MoneyRule::Negative => format!("{label} must not be negative"),
            MoneyRule::TooManyDecimals => {
                format!("{label} must have no more than two decimal places (pence)")
            }
            MoneyRule::TooLarge => format!("{label} must be less than £1 trillion"),
        }
    }
}

impl Pence {
    /// Parses pounds as typed: optional "£", thousands commas, up to two decimals.
    pub fn parse_pounds(text: &str) -> Result<Pence, MoneyRule> {
        let mut s: String = text.trim().chars().filter(|c| *c != ',').collect();
        if let Some(rest) = s.strip_prefix('-') {
            if rest
                .trim_start_matches('£')
                .chars()
                .any(|c| c.is_ascii_digit())
            {
                return Err(MoneyRule::Negative);
            }
        }
        if let Some(rest) = s.strip_prefix('£') {
            s = rest.trim_start().to_owned();
        }
        if s.starts_with('-') {
            return Err(MoneyRule::Negative);
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyRule::NotANumber);
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyRule::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyRule::TooManyDecimals);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 13 {
            return Err(MoneyRule::TooLarge);
        }
        let pounds: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| MoneyRule::NotANumber)?
        };
        if pounds >= MAX_POUNDS {
            return Err(MoneyRule::TooLarge);
        }
        let pence: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyRule::NotANumber)? * 10,
            _ => frac.parse().map_err(|_| MoneyRule::NotANumber)?,
        };
        Ok(Pence(pounds * 100 + pence))
    }

    /// Plain pounds for an input box: "1250000.5" becomes "1250000.50"; whole pounds
    /// have no decimals.
    pub fn to_input(self) -> String {
        let (p, d) = (self.0 / 100, self.0 % 100);
        if d == 0 {
            p.to_string()
        } else {
            format!("{p}.{d:02}")
        }
    }
}

/// 1250000 as "1,250,000", as money and counts are written for the council.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

impl fmt::Display for Pence {
    /// "£1,250,000.00"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}£{}.{:02}", thousands(abs / 100), abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pounds_as_people_type_them() {
        assert_eq!(Pence::parse_pounds("1250000"), Ok(Pence(125_000_000)));
        assert_eq!(Pence::parse_pounds("£1,250,000.50"), Ok(Pence(125_000_050)));
        assert_eq!(Pence::parse_pounds(" £ 12.5 "), Ok(Pence(1250)));
        assert_eq!(Pence::parse_pounds("0.07"), Ok(Pence(7)));
        assert_eq!(Pence::parse_pounds(".5"), Ok(Pence(50)));
        assert_eq!(Pence::parse_pounds("0"), Ok(Pence(0)));
    }

    #[test]
    fn refuses_bad_amounts_with_the_rule_broken() {
        assert_eq!(Pence::parse_pounds("-5"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("£-5"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("-£5"), Err(MoneyRule::Negative));
        assert_eq!(
            Pence::parse_pounds("1.234"),
            Err(MoneyRule::TooManyDecimals)
        );
        assert_eq!(Pence::parse_pounds("12k"), Err(MoneyRule::NotANumber));
        assert_eq!(Pence::parse_pounds("1.2.3"), Err(MoneyRule::NotANumber));
        assert_eq!(Pence::parse_pounds("."), Err(MoneyRule::NotANumber));
        assert_eq!(Pence::parse_pounds("£"), Err(MoneyRule::NotANumber));
        assert_eq!(
            Pence::parse_pounds("99999999999999999999999"),
            Err(MoneyRule::TooLarge)
        );
        assert_eq!(
            Pence::parse_pounds("1000000000000"),
            Err(MoneyRule::TooLarge)
        );
    }

    #[test]
    fn displays_and_round_trips() {
        assert_eq!(Pence(125_000_050).to_string(), "£1,250,000.50");
        assert_eq!(Pence(5).to_string(), "£0.05");
        assert_eq!(Pence(100_000).to_string(), "£1,000.00");
        for p in [0, 1, 10, 99, 100, 12_345_678, 99_999_999_999_999] {
            assert_eq!(Pence::parse_pounds(&Pence(p).to_input()), Ok(Pence(p)));
        }
    }
}
