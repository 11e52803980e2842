//! For tests: a result's per-trial columns by name, as bits, to compare two results
//! exactly and name the column that differs.

use std::ops::Range;

use super::result::SimResult;

/// Every per-trial total column of `r` (savings, yearly savings, payback year, each input,
/// each strategy's total, one-time and yearly costs), trials `range`, with its name, as
/// bits.
pub(crate) fn total_column_bits(r: &SimResult, range: Range<usize>) -> Vec<(String, Vec<u64>)> {
    let bits = |v: &[f64]| v[range.clone()].iter().map(|x| x.to_bits()).collect();
    let mut out = vec![
        ("savings".to_string(), bits(&r.savings)),
        ("savings_per_year".to_string(), bits(&r.savings_per_year)),
        ("payback_year".to_string(), bits(&r.payback_year)),
    ];
    for (key, v) in &r.inputs {
        out.push((format!("input {key}"), bits(v)));
    }
    for s in &r.strategies {
        out.push((format!("{} total", s.name), bits(&s.total)));
        out.push((format!("{} one_time", s.name), bits(&s.one_time)));
        for (y, v) in s.year_cost.iter().enumerate() {
            out.push((format!("{} year {y}", s.name), bits(v)));
        }
    }
    out
}
