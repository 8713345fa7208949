//! Money: an exact decimal amount in an explicit unit (`£`, `£000`, `£m`).
//!
//! Conversions between units are exact (multiplying or dividing by powers of
//! ten never rounds in `rust_decimal` within its 28 digits). Formatting for
//! pages lives in `render::format`; rounding happens only there.

use rust_decimal::Decimal;
use std::fmt;

/// The unit a figure is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoneyUnit {
    /// Pounds: `£`.
    Pounds,
    /// Thousands of pounds: `£000`, shown as `£…k`.
    Thousands,
    /// Millions of pounds: `£m`.
    Millions,
}

impl MoneyUnit {
    /// The unit as written in content files and table captions.
    pub fn symbol(self) -> &'static str {
        match self {
            MoneyUnit::Pounds => "£",
            MoneyUnit::Thousands => "£000",
            MoneyUnit::Millions => "£m",
        }
    }

    /// Parses `£`, `£000` or `£m` exactly as written in content files.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "£" => Some(MoneyUnit::Pounds),
            "£000" => Some(MoneyUnit::Thousands),
            "£m" => Some(MoneyUnit::Millions),
            _ => None,
        }
    }

    pub const ALL: [&'static str; 3] = ["£", "£000", "£m"];

    /// How many pounds one unit is: a power of ten.
    fn exponent(self) -> u32 {
        match self {
            MoneyUnit::Pounds => 0,
            MoneyUnit::Thousands => 3,
            MoneyUnit::Millions => 6,
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// An exact amount of money in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    pub unit: MoneyUnit,
}

impl Money {
    pub fn new(amount: Decimal, unit: MoneyUnit) -> Self {
        Money { amount, unit }
    }

    /// The same value expressed in `unit`, exactly. The result keeps every
    /// digit of the original and no trailing zeros beyond them, so
    /// £10.640m becomes £10,640k and £1,374k becomes £1.374m.
    pub fn to_unit(self, unit: MoneyUnit) -> Money {
        let from = self.unit.exponent() as i64;
        let to = unit.exponent() as i64;
        let mut amount = self.amount;
        let shift = from - to;
        if shift > 0 {
            // The product keeps the original scale; drop only the zeros the
            // scaling itself added, which never rounds.
            amount *= Decimal::from(10u64.pow(shift as u32));
            let keep = (i64::from(self.amount.scale()) - shift).max(0);
            amount.rescale(keep as u32);
        } else if shift < 0 {
            amount /= Decimal::from(10u64.pow((-shift) as u32));
            let keep = self.amount.scale() + (-shift) as u32;
            amount.rescale(keep.min(28));
        }
        Money { amount, unit }
    }

    /// The value in pounds, exactly.
    pub fn in_pounds(self) -> Decimal {
        self.to_unit(MoneyUnit::Pounds).amount
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test literal")
    }

    #[test]
    fn converts_millions_to_thousands_and_pounds_exactly() {
        let m = Money::new(d("10.640"), MoneyUnit::Millions);
        assert_eq!(m.to_unit(MoneyUnit::Thousands).amount.to_string(), "10640");
        assert_eq!(m.to_unit(MoneyUnit::Pounds).amount.to_string(), "10640000");
        let total = Money::new(d("101.404"), MoneyUnit::Millions);
        assert_eq!(
            total.to_unit(MoneyUnit::Thousands).amount.to_string(),
            "101404"
        );
    }

    #[test]
    fn converts_thousands_to_millions_keeping_every_digit() {
        let k = Money::new(d("105196"), MoneyUnit::Thousands);
        assert_eq!(k.to_unit(MoneyUnit::Millions).amount.to_string(), "105.196");
        let k = Money::new(d("1240"), MoneyUnit::Thousands);
        assert_eq!(k.to_unit(MoneyUnit::Millions).amount.to_string(), "1.240");
        let p = Money::new(d("105196000"), MoneyUnit::Pounds);
        assert_eq!(
            p.to_unit(MoneyUnit::Thousands).amount.to_string(),
            "105196.000"
        );
    }

    #[test]
    fn round_trips_between_all_units() {
        for text in [
            "0.001",
            "10.640",
            "90.764",
            "101.404",
            "-2.5",
            "123456789.123",
        ] {
            let m = Money::new(d(text), MoneyUnit::Millions);
            for unit in [MoneyUnit::Pounds, MoneyUnit::Thousands, MoneyUnit::Millions] {
                let back = m.to_unit(unit).to_unit(MoneyUnit::Millions);
                assert_eq!(back.amount, m.amount, "{text} via {unit}");
            }
        }
    }
}
