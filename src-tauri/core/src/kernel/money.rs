//! Money is integer pence. People type pounds as councils write them: "1250000",
//! "£1,250,000.50", "£1.2m", "£12m", "£350k", "£2bn". An amount that could be read two
//! ways ("1,2m", "1,25,000") is refused with a hint rather than guessed.

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
    /// Commas that are not between groups of three digits ("1,2m", "1,25,000"): a decimal
    /// comma or another grouping, which could be read two ways.
    Grouping,
}

impl MoneyRule {
    pub fn sentence(self, label: &str) -> String {
        match self {
            MoneyRule::NotANumber => {
                format!("{label} needs an amount in pounds, like 1,250,000.50, £1.2m or £350k")
            }
            MoneyRule::Negative => format!("{label} must not be negative"),
            MoneyRule::TooManyDecimals => {
                format!("{label} must have no more than two decimal places (pence)")
            }
            MoneyRule::TooLarge => format!("{label} must be less than £1 trillion"),
            MoneyRule::Grouping => format!(
                "{label} could be read two ways: put commas only between thousands \
                 (1,250,000) and pence after a full stop (1.2m, 1,250.50)"
            ),
        }
    }
}

impl Pence {
    /// Parses pounds as typed: an optional "£", thousands commas, pence after a full
    /// stop, and an optional "k" / "thousand", "m" / "mn" / "million" or "bn" / "billion"
    /// (any case). "£1.2m" is £1,200,000.00.
    ///
    /// Errors: the [`MoneyRule`] broken; commas that are not thousands separators are
    /// [`MoneyRule::Grouping`], never dropped silently.
    pub fn parse_pounds(text: &str) -> Result<Pence, MoneyRule> {
        // A minus sign or dash from a word processor is a minus too.
        let text = text.trim().replace(['\u{2212}', '\u{2013}'], "-");
        let mut s = text.as_str();
        let negative = s.starts_with('-') || s.trim_start_matches('£').trim().starts_with('-');
        s = s.trim_start_matches('-').trim_start();
        s = s.strip_prefix('£').unwrap_or(s).trim_start();
        s = s.trim_start_matches('-').trim_start();
        let lower = s.to_ascii_lowercase();
        // The multiplier as a power of ten: pounds are 10^2 pence.
        let mut exponent = 2u32;
        let mut number = lower.as_str();
        for (suffix, power) in [
            ("thousand", 3),
            ("million", 6),
            ("billion", 9),
            ("bn", 9),
            ("mn", 6),
            ("m", 6),
            ("k", 3),
        ] {
            if let Some(rest) = number.strip_suffix(suffix) {
                number = rest.trim_end();
                exponent += power;
                break;
            }
        }
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        // Zeros after the pence say nothing: "12500.0000", as finance systems and
        // databases export money, is £12,500.00. Only a third digit that is not zero
        // is a fraction of a penny.
        let frac = if frac.len() > 2 {
            frac.trim_end_matches('0')
        } else {
            frac
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyRule::NotANumber);
        }
        if !frac.chars().all(|c| c.is_ascii_digit())
            || !whole.chars().all(|c| c.is_ascii_digit() || c == ',')
        {
            return Err(MoneyRule::NotANumber);
        }
        if negative {
            return Err(MoneyRule::Negative);
        }
        if whole.contains(',') {
            let mut groups = whole.split(',');
            let first = groups.next().unwrap_or_default();
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return Err(MoneyRule::Grouping);
            }
        }
        let digits: String = whole
            .chars()
            .filter(|c| *c != ',')
            .chain(frac.chars())
            .collect();
        let Some(shift) = exponent.checked_sub(frac.len() as u32) else {
            // More decimal places than the multiplier and pence allow: "12.345", "1.2345678912m".
            return Err(MoneyRule::TooManyDecimals);
        };
        let significant = digits.trim_start_matches('0');
        if significant.len() + shift as usize > 16 {
            return Err(MoneyRule::TooLarge);
        }
        let value: i64 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| MoneyRule::NotANumber)?
        };
        let pence = value * 10i64.pow(shift);
        if pence >= MAX_POUNDS * 100 {
            return Err(MoneyRule::TooLarge);
        }
        Ok(Pence(pence))
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

/// A count with its noun, as the council writes it: "1 contract", "10,000 contracts".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// 1250000 as "1,250,000", as money and counts are written for the council.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
        // Finance systems' four decimal places: zeros after the pence say nothing.
        assert_eq!(Pence::parse_pounds("12500.0000"), Ok(Pence(1_250_000)));
        assert_eq!(Pence::parse_pounds("57.700"), Ok(Pence(5770)));
        assert_eq!(
            Pence::parse_pounds("57.705"),
            Err(MoneyRule::TooManyDecimals)
        );
    }

    #[test]
    fn refuses_bad_amounts_with_the_rule_broken() {
        assert_eq!(Pence::parse_pounds("-5"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("£-5"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("-£5"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("\u{2212}50"), Err(MoneyRule::Negative));
        assert_eq!(Pence::parse_pounds("£\u{2013}50"), Err(MoneyRule::Negative));
        assert_eq!(
            Pence::parse_pounds("1.234"),
            Err(MoneyRule::TooManyDecimals)
        );
        assert_eq!(Pence::parse_pounds("12kg"), Err(MoneyRule::NotANumber));
        assert_eq!(Pence::parse_pounds("n/a"), Err(MoneyRule::NotANumber));
        assert_eq!(Pence::parse_pounds("m"), Err(MoneyRule::NotANumber));
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
    fn reads_money_as_councils_write_it() {
        assert_eq!(Pence::parse_pounds("£1.2m"), Ok(Pence(120_000_000)));
        assert_eq!(Pence::parse_pounds("£12m"), Ok(Pence(1_200_000_000)));
        assert_eq!(Pence::parse_pounds("£350k"), Ok(Pence(35_000_000)));
        assert_eq!(Pence::parse_pounds("350K"), Ok(Pence(35_000_000)));
        assert_eq!(Pence::parse_pounds("£1.2 million"), Ok(Pence(120_000_000)));
        assert_eq!(Pence::parse_pounds("£2.5bn"), Ok(Pence(250_000_000_000)));
        assert_eq!(Pence::parse_pounds("1,200k"), Ok(Pence(120_000_000)));
        assert_eq!(Pence::parse_pounds("£0.5m"), Ok(Pence(50_000_000)));
        // As exact as a penny, and no more.
        assert_eq!(Pence::parse_pounds("1.23456789m"), Ok(Pence(123_456_789)));
        assert_eq!(
            Pence::parse_pounds("1.234567891m"),
            Err(MoneyRule::TooManyDecimals)
        );
        assert_eq!(
            Pence::parse_pounds("£1.2m").unwrap().to_string(),
            "£1,200,000.00"
        );
    }

    #[test]
    fn refuses_what_could_be_read_two_ways() {
        assert_eq!(Pence::parse_pounds("1,2m"), Err(MoneyRule::Grouping));
        assert_eq!(Pence::parse_pounds("1,25,000"), Err(MoneyRule::Grouping));
        assert_eq!(Pence::parse_pounds("1,2"), Err(MoneyRule::Grouping));
        assert_eq!(Pence::parse_pounds(",500"), Err(MoneyRule::Grouping));
        assert_eq!(Pence::parse_pounds("1.200.000"), Err(MoneyRule::NotANumber));
        assert!(MoneyRule::Grouping
            .sentence("Actual payments for Jan 2026")
            .contains("1,250,000"));
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
