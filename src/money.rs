//! Human-readable money and number formatting for charts and reports.
//!
//! Amounts are written the way people write them in slides and memos: a currency symbol
//! (or an ISO code for currencies without a well-known symbol), a compact magnitude
//! suffix (`K`, `M`, `B`, `T`) and two to three significant digits, with no trailing
//! zeros: `$50K`, `$1.25M`, `-$3.4K`, `€80K`, `CHF 12K`. Non-finite values are written
//! as `n/a`.

/// Text used for values that cannot be formatted (NaN or infinite).
pub const NOT_AVAILABLE: &str = "n/a";

const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];

/// How a currency is written in front of an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrencyPrefix {
    /// A symbol written directly before the digits, e.g. `$` or `€`.
    Symbol(String),
    /// A code written before the digits and separated by a space, e.g. `CHF`.
    Code(String),
}

impl CurrencyPrefix {
    fn write(&self, out: &mut String) {
        match self {
            CurrencyPrefix::Symbol(s) => out.push_str(s),
            CurrencyPrefix::Code(c) => {
                out.push_str(c);
                out.push(' ');
            }
        }
    }
}

/// Returns how `currency` (an ISO 4217 code such as `"USD"`, case-insensitive, or a
/// literal symbol such as `"$"`) is written before an amount.
///
/// Well-known currencies get their symbol (`USD` → `$`, `EUR` → `€`, `GBP` → `£`,
/// `JPY` → `¥`, ...); other three-letter codes are written as the upper-case code
/// followed by a space; an empty string means no prefix at all.
pub fn currency_prefix(currency: &str) -> CurrencyPrefix {
    let trimmed = currency.trim();
    let is_code = trimmed.len() == 3 && trimmed.chars().all(|c| c.is_ascii_alphabetic());
    if !is_code {
        return CurrencyPrefix::Symbol(trimmed.to_string());
    }
    let code = trimmed.to_ascii_uppercase();
    let symbol = match code.as_str() {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "CNY" => "CN¥",
        "INR" => "₹",
        "KRW" => "₩",
        "CAD" => "CA$",
        "AUD" => "A$",
        "NZD" => "NZ$",
        "HKD" => "HK$",
        "SGD" => "S$",
        "MXN" => "MX$",
        "BRL" => "R$",
        "ILS" => "₪",
        "PHP" => "₱",
        "VND" => "₫",
        "NGN" => "₦",
        "UAH" => "₴",
        _ => return CurrencyPrefix::Code(code),
    };
    CurrencyPrefix::Symbol(symbol.to_string())
}

/// Rounds `x` (> 0) to `sig` significant digits and returns the number of decimals
/// that this rounding keeps.
fn sig_decimals(x: f64, sig: i32) -> usize {
    if x <= 0.0 {
        return 0;
    }
    let magnitude = x.log10().floor() as i32;
    (sig - 1 - magnitude).clamp(0, 6) as usize
}

/// Formats `x` with `decimals` decimals and strips trailing zeros and a trailing dot.
fn fixed_trimmed(x: f64, decimals: usize) -> String {
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// Inserts thousands separators (`,`) into a string of ASCII digits.
pub(crate) fn group_thousands(digits: &str) -> String {
    let (int, frac) = match digits.find('.') {
        Some(i) => (&digits[..i], &digits[i..]),
        None => (digits, ""),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len());
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

/// Writes the magnitude `abs` (finite, >= 0) compactly. `decimals_for` picks how many
/// decimals to keep for a number already divided by its unit.
fn compact_magnitude(abs: f64, decimals_for: &dyn Fn(f64, f64) -> usize) -> String {
    // Below one thousand: integers (or cents for amounts below one).
    if abs < 1.0 {
        // cents: "0.50", never "0.5"; amounts that round to zero are just "0"
        let d = decimals_for(abs, 1.0).clamp(2, 6);
        let s = format!("{abs:.d$}");
        if s.chars().all(|c| c == '0' || c == '.') {
            return "0".to_string();
        }
        return s;
    }
    if abs < 1000.0 {
        let d = decimals_for(abs, 1.0);
        let s = fixed_trimmed(abs, d);
        if s.parse::<f64>().map(|v| v < 1000.0).unwrap_or(true) {
            return s;
        }
    }
    // Thousands and above: pick the unit, round, and roll over when rounding reaches
    // 1000 of the unit (999,999 -> 1M, not 1000K).
    let mut idx = UNITS
        .iter()
        .position(|(u, _)| abs >= *u)
        .unwrap_or(UNITS.len() - 1);
    loop {
        let (unit, suffix) = UNITS[idx];
        let scaled = abs / unit;
        let d = decimals_for(scaled, unit);
        let s = fixed_trimmed(scaled, d);
        let rounded: f64 = s.parse().unwrap_or(scaled);
        if rounded >= 1000.0 && idx > 0 {
            idx -= 1;
            continue;
        }
        return format!("{s}{suffix}");
    }
}

fn assemble(value: f64, currency: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 6);
    if value < 0.0 && body != "0" {
        out.push('-');
    }
    currency_prefix(currency).write(&mut out);
    out.push_str(body);
    out
}

/// Formats a money amount compactly with about three significant digits.
///
/// ```
/// use repave_cost::money::format_money;
/// assert_eq!(format_money(50_000.0, "USD"), "$50K");
/// assert_eq!(format_money(1_250_000.0, "USD"), "$1.25M");
/// assert_eq!(format_money(-3_400.0, "USD"), "-$3.4K");
/// assert_eq!(format_money(80_000.0, "EUR"), "€80K");
/// assert_eq!(format_money(12_000.0, "CHF"), "CHF 12K");
/// assert_eq!(format_money(999_999.0, "USD"), "$1M");
/// assert_eq!(format_money(f64::NAN, "USD"), "n/a");
/// ```
pub fn format_money(value: f64, currency: &str) -> String {
    if !value.is_finite() {
        return NOT_AVAILABLE.to_string();
    }
    let body = compact_magnitude(value.abs(), &|scaled, unit| {
        if unit == 1.0 {
            // whole currency units below a thousand, cents below one
            if scaled < 1.0 {
                2
            } else {
                0
            }
        } else {
            sig_decimals(scaled, 3)
        }
    });
    assemble(value, currency, &body)
}

/// Formats a money amount for an axis tick label, where neighbouring ticks are `step`
/// apart: keeps as many decimals as needed to tell ticks apart (`$102.5K` next to
/// `$100K` for a step of 2,500) and otherwise behaves like [`format_money`].
///
/// A non-positive or non-finite `step` falls back to [`format_money`].
pub fn format_money_axis(value: f64, step: f64, currency: &str) -> String {
    if !value.is_finite() {
        return NOT_AVAILABLE.to_string();
    }
    if !(step.is_finite() && step > 0.0) {
        return format_money(value, currency);
    }
    // Values that are round-off noise around zero print as zero.
    let value = if value.abs() < step * 1e-6 {
        0.0
    } else {
        value
    };
    let body = compact_magnitude(value.abs(), &|_scaled, unit| {
        // decimals needed to write the step exactly in this unit (nice steps are
        // 1, 2, 2.5 or 5 times a power of ten)
        let mut d = 0usize;
        let mut r = step / unit;
        while d < 6 && (r - r.round()).abs() > 1e-6 * r.max(1.0) {
            r *= 10.0;
            d += 1;
        }
        d
    });
    assemble(value, currency, &body)
}

/// Formats a plain (non-money) number for labels: thousands separators for large
/// integers (`12,500`), compact suffixes from a million on (`2.5M`), and up to three
/// significant digits for small numbers (`0.25`, `37.5`). Non-finite values give `n/a`.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return NOT_AVAILABLE.to_string();
    }
    let abs = value.abs();
    let body = if abs >= 1e6 {
        compact_magnitude(abs, &|scaled, _| sig_decimals(scaled, 3))
    } else if abs >= 100.0 {
        group_thousands(&format!("{:.0}", abs))
    } else if abs == 0.0 {
        "0".to_string()
    } else {
        let d = sig_decimals(abs, 3);
        let s = fixed_trimmed(abs, d);
        if s == "0" {
            // very small magnitudes: scientific-ish fallback keeps information
            format!("{abs:.1e}")
        } else {
            s
        }
    };
    if value < 0.0 && body != "0" {
        format!("-{body}")
    } else {
        body
    }
}

/// The fraction `x` as a percentage, without the sign and without trailing zeros, to three
/// decimals or to two significant digits of the smaller of the percentage and its distance
/// from 100, whichever shows more: 0.002 → `"0.2"`, 0.975 → `"97.5"`, 0.000001 →
/// `"0.0001"`, 0.999999 → `"99.9999"` (three decimals alone would print a small precision
/// as 0 and a confidence close to 1 as 100). Charts, warnings and report sentences all
/// write a precision or a confidence with it.
pub fn format_share(x: f64) -> String {
    /// Beyond this many decimals (a percentage below 1e-11) the number is scientific.
    const MAX_SHARE_DECIMALS: usize = 12;
    let p = 100.0 * x;
    if !p.is_finite() || p == 0.0 {
        return format!("{p}");
    }
    let gap = if p > 0.0 && p < 100.0 {
        p.min(100.0 - p)
    } else {
        p.abs()
    };
    let decimals = (1 - gap.log10().floor() as i64).max(3) as usize;
    if decimals > MAX_SHARE_DECIMALS {
        // Two significant digits in scientific notation: positional, 1e-300 would run to
        // 300 digits. Only a gap from 0 gets here (one from 100 is at least 1e-14).
        let text = format!("{p:.1e}");
        return text.replacen(".0e", "e", 1);
    }
    let text = format!("{p:.decimals$}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Formats a number exactly, as the shortest text that reads back as the same double, for
/// messages that quote a value given: positional from 1e-6 to 1e16 (`0.25`, `1.0000001`,
/// `2500`), scientific outside (`1e308`, `-2.5e-9`), where positional would run to hundreds
/// of digits. Unlike [`format_number`] it never rounds: `1.0000001` stays itself, so a
/// message saying it lies outside [-1, 1] quotes a number that does.
pub fn format_exact(value: f64) -> String {
    let abs = value.abs();
    if value == 0.0 || !value.is_finite() || (1e-6..1e16).contains(&abs) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// Formats an integer count with thousands separators: `10000` → `10,000`.
pub fn format_count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// The most decimals [`format_probability`] writes.
pub const MAX_PROBABILITY_DECIMALS: usize = 6;

/// Formats a probability in `[0, 1]` as a percentage with `decimals` decimals (at most
/// [`MAX_PROBABILITY_DECIMALS`]), rounded half away from zero, that never rounds to a
/// certainty: a probability strictly between 0 and 1 that would show as `0%` or `100%` is
/// written `<1%` / `>99%` (`<0.1%` / `>99.9%` with one decimal, and so on). Exactly 0 and 1
/// are `0%` and `100%` (`0.0%`, `100.0%`). Values outside `[0, 1]` are clamped; NaN gives
/// `n/a`.
///
/// ```
/// use repave_cost::money::format_probability;
/// assert_eq!(format_probability(0.42, 0), "42%");
/// assert_eq!(format_probability(0.005, 0), "1%");
/// assert_eq!(format_probability(0.0004, 1), "<0.1%");
/// assert_eq!(format_probability(0.9996, 1), ">99.9%");
/// assert_eq!(format_probability(1.0, 1), "100.0%");
/// ```
pub fn format_probability(p: f64, decimals: usize) -> String {
    if p.is_nan() {
        return NOT_AVAILABLE.to_string();
    }
    let p = p.clamp(0.0, 1.0);
    let d = decimals.min(MAX_PROBABILITY_DECIMALS);
    let per_unit = 10f64.powi(d as i32);
    let full = 100.0 * per_unit;
    // The percentage in units of the last decimal shown; f64::round rounds halves away
    // from zero.
    let steps = (p * full).round();
    let shown = |steps: f64| format!("{:.*}", d, steps / per_unit);
    if p > 0.0 && steps == 0.0 {
        format!("<{}%", shown(1.0))
    } else if p < 1.0 && steps >= full {
        format!(">{}%", shown(full - 1.0))
    } else {
        format!("{}%", shown(steps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_numbers_read_back_as_themselves_in_few_digits() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (0.25, "0.25"),
            (1.0000001, "1.0000001"),
            (-2500.0, "-2500"),
            (1e-6, "0.000001"),
            (9.5e15, "9500000000000000"),
            (1e16, "1e16"),
            (1e308, "1e308"),
            (-2.5e-9, "-2.5e-9"),
            (f64::INFINITY, "inf"),
        ];
        for &(x, want) in cases {
            let got = format_exact(x);
            assert_eq!(got, want, "{x}");
            if x.is_finite() {
                assert_eq!(got.parse::<f64>().unwrap(), x, "{got} reads back");
            }
        }
        assert!(format_exact(f64::MAX).len() < 30);
    }

    #[test]
    fn money_table_usd() {
        let cases: &[(f64, &str)] = &[
            (0.0, "$0"),
            (-0.0, "$0"),
            (0.5, "$0.50"),
            (0.001, "$0"),
            (12.0, "$12"),
            (12.4, "$12"),
            (950.0, "$950"),
            (999.0, "$999"),
            (999.6, "$1K"),
            (1000.0, "$1K"),
            (1499.0, "$1.5K"),
            (12_345.0, "$12.3K"),
            (12_500.0, "$12.5K"),
            (50_000.0, "$50K"),
            (125_000.0, "$125K"),
            (999_999.0, "$1M"),
            (1_000_000.0, "$1M"),
            (1_200_000.0, "$1.2M"),
            (1_250_000.0, "$1.25M"),
            (1_234_567.0, "$1.23M"),
            (2.5e9, "$2.5B"),
            (3.4e9, "$3.4B"),
            (999.96e9, "$1T"),
            (7.0e12, "$7T"),
            (-3_400.0, "-$3.4K"),
            (-999_999.0, "-$1M"),
            (-0.0001, "$0"),
            (-12.0, "-$12"),
        ];
        for (v, want) in cases {
            assert_eq!(format_money(*v, "USD"), *want, "value {v}");
        }
    }

    #[test]
    fn money_non_finite() {
        assert_eq!(format_money(f64::NAN, "USD"), "n/a");
        assert_eq!(format_money(f64::INFINITY, "EUR"), "n/a");
        assert_eq!(format_money(f64::NEG_INFINITY, "GBP"), "n/a");
        assert_eq!(format_money_axis(f64::NAN, 1.0, "USD"), "n/a");
        assert_eq!(format_number(f64::NAN), "n/a");
        assert_eq!(format_probability(f64::NAN, 1), "n/a");
    }

    #[test]
    fn money_currencies() {
        let cases: &[(f64, &str, &str)] = &[
            (80_000.0, "EUR", "€80K"),
            (80_000.0, "eur", "€80K"),
            (950.0, "GBP", "£950"),
            (1_500_000.0, "JPY", "¥1.5M"),
            (12_000.0, "CHF", "CHF 12K"),
            (-12_000.0, "CHF", "-CHF 12K"),
            (2_000.0, "SEK", "SEK 2K"),
            (2_000.0, "$", "$2K"),
            (2_000.0, "", "2K"),
            (5_000.0, "INR", "₹5K"),
            (5_000.0, "CAD", "CA$5K"),
        ];
        for (v, cur, want) in cases {
            assert_eq!(format_money(*v, cur), *want, "value {v} {cur}");
        }
    }

    #[test]
    fn money_axis_keeps_step_precision() {
        assert_eq!(format_money_axis(102_500.0, 2_500.0, "USD"), "$102.5K");
        assert_eq!(format_money_axis(100_000.0, 2_500.0, "USD"), "$100K");
        assert_eq!(format_money_axis(1_025_000.0, 25_000.0, "USD"), "$1.025M");
        assert_eq!(format_money_axis(1_500_000.0, 500_000.0, "USD"), "$1.5M");
        assert_eq!(format_money_axis(500_000.0, 500_000.0, "USD"), "$500K");
        assert_eq!(format_money_axis(-250_000.0, 250_000.0, "EUR"), "-€250K");
        assert_eq!(format_money_axis(1e-11, 0.5e6, "USD"), "$0");
        assert_eq!(format_money_axis(2.5, 0.5, "USD"), "$2.5");
        assert_eq!(format_money_axis(0.5, 0.5, "USD"), "$0.50");
        assert_eq!(format_money_axis(7.0, 0.0, "USD"), "$7");
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(37.46), "37.5");
        assert_eq!(format_number(12_500.0), "12,500");
        assert_eq!(format_number(-1_234.0), "-1,234");
        assert_eq!(format_number(2_500_000.0), "2.5M");
        assert_eq!(format_count(10_000), "10,000");
        assert_eq!(format_count(999), "999");
    }

    /// Hand-computed expectations: round half away from zero at the shown decimal, and a
    /// probability strictly inside (0, 1) never shows as 0% or 100%.
    #[test]
    fn probabilities() {
        let cases: &[(f64, usize, &str)] = &[
            (0.734, 0, "73%"),
            (0.735, 1, "73.5%"),
            (0.0, 0, "0%"),
            (0.0, 1, "0.0%"),
            (1.0, 0, "100%"),
            (1.0, 2, "100.00%"),
            (0.001, 0, "<1%"),
            (0.0049, 0, "<1%"),
            // Exactly 0.5%: half a unit rounds up to 1% (it printed "0%").
            (0.005, 0, "1%"),
            (0.015, 0, "2%"),
            (0.025, 0, "3%"),
            (0.0004, 1, "<0.1%"),
            (0.0005, 1, "0.1%"),
            (0.125, 1, "12.5%"),
            (0.25, 0, "25%"),
            (0.994, 0, "99%"),
            (0.995, 0, ">99%"),
            (0.999, 0, ">99%"),
            (0.999, 1, "99.9%"),
            (0.9996, 1, ">99.9%"),
            (0.5, 3, "50.000%"),
            (1e-7, 6, "0.000010%"),
            (-0.2, 0, "0%"),
            (1.7, 1, "100.0%"),
            (0.123_456_7, 9, "12.345670%"),
        ];
        for &(p, d, want) in cases {
            assert_eq!(format_probability(p, d), want, "p = {p}, decimals = {d}");
        }
    }
}
