//! The output registry: every output of a simulation declared once, with its name (or name
//! pattern), kind, unit, label, what it is given for, which tables show it and where its
//! per-trial values are read from the result.
//!
//! Readers (the trial table, summaries, sensitivity and tail lookups, sweep rows, result
//! charts, the Python layer through `_core.outputs()`) list outputs through [`of`] and name
//! them through [`find`] and [`label`]; nothing else builds an output's name. The values
//! themselves are computed by the cost pass (`model/pass.rs`) into the slots of
//! `model/layout.rs`; an entry here only says where a result keeps them.
//!
//! ```
//! use repave_cost::model::outputs::{find, label, OutputKind};
//! let (def, _) = find("repave.total").unwrap();
//! assert_eq!(def.pattern, "{strategy}.total");
//! assert_eq!(def.kind, OutputKind::Money);
//! assert_eq!(label("repave.fte.sre"), "repave sre FTE");
//! ```

use super::result::SimResult;

/// What an output's values measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// An amount of the scenario's currency.
    Money,
    /// A probability in \[0, 1\].
    Probability,
    /// A year of the horizon (0 is the start).
    Year,
    /// Labour hours.
    Hours,
    /// Full-time equivalents.
    Fte,
}

impl OutputKind {
    /// The kind's name, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputKind::Money => "money",
            OutputKind::Probability => "probability",
            OutputKind::Year => "year",
            OutputKind::Hours => "hours",
            OutputKind::Fte => "fte",
        }
    }
}

/// The unit of an output's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Currency, present value over the whole horizon.
    Currency,
    /// Currency a year: a present value over the horizon divided by its years.
    CurrencyPerYear,
    /// A year number, 0..=T.
    Year,
    /// Full-time equivalents in one year.
    Fte,
}

impl Unit {
    /// The unit in words, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Currency => "currency, present value over the horizon",
            Unit::CurrencyPerYear => "currency a year (present value over the horizon / T)",
            Unit::Year => "year (0..T)",
            Unit::Fte => "FTE in the final year",
        }
    }
}

/// What an output is given for: one value column per run, per strategy, or per strategy
/// and role the strategy uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// Once per run (`savings`): the pattern has no placeholder.
    Run,
    /// Once per strategy: the pattern holds `{strategy}`.
    Strategy,
    /// Once per strategy and role its recurring work uses: `{strategy}` and `{role}`.
    Role,
}

impl Per {
    /// The word for it, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Run => "run",
            Per::Strategy => "strategy",
            Per::Role => "role",
        }
    }
}

/// A table that shows outputs, one column or row each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The per-trial table (`Result.trials`): after the inputs, each strategy's outputs,
    /// strategy by strategy, then the run's.
    Trials,
    /// Summary rows, sensitivity, tail drivers and exceedance curves: the run's outputs,
    /// then each strategy's.
    Summary,
    /// Sweep rows at each grid point: the run's outputs, each strategy's, then each
    /// strategy's used roles'.
    Sweep,
}

impl View {
    /// Every view.
    pub const ALL: [View; 3] = [View::Trials, View::Summary, View::Sweep];

    /// The view's name, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Trials => "trials",
            View::Summary => "summary",
            View::Sweep => "sweep",
        }
    }

    /// The order of the groups of outputs in this view.
    fn groups(self) -> &'static [Per] {
        match self {
            View::Trials => &[Per::Strategy, Per::Run],
            View::Summary | View::Sweep => &[Per::Run, Per::Strategy, Per::Role],
        }
    }
}

/// Which strategy and role an output instance is about (indexes into
/// [`SimResult::strategies`] and the strategy's [`super::StrategyDetail::roles`]; 0 where
/// they do not apply).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct At {
    /// Index of the strategy.
    pub strategy: usize,
    /// Index of the role in the scenario's staffing.
    pub role: usize,
}

/// One declared output.
#[derive(Debug)]
pub struct OutputDef {
    /// Its name, or a pattern with `{strategy}` and `{role}` filled per instance.
    pub pattern: &'static str,
    /// What it is given for.
    pub per: Per,
    /// What it measures.
    pub kind: OutputKind,
    /// Its unit.
    pub unit: Unit,
    /// Words for it in chart and report text, with the same placeholders.
    pub label: &'static str,
    /// One line for the docs.
    pub description: &'static str,
    /// True when a negative value means "none" (shown as null in the trial table).
    pub nullable: bool,
    /// The tables that show it.
    pub views: &'static [View],
    /// Where a result keeps its per-trial values.
    pub values: fn(&SimResult, At) -> &[f64],
}

/// The name of the savings output, which the cumulative table also gives its savings rows.
pub const SAVINGS: &str = "savings";

/// Every output, in declaration order (within a group of [`View::groups`] this is the
/// order of the columns and rows).
pub const OUTPUTS: &[OutputDef] = &[
    OutputDef {
        pattern: SAVINGS,
        per: Per::Run,
        kind: OutputKind::Money,
        unit: Unit::Currency,
        label: "savings",
        description: "Baseline total minus alternative total (positive: the alternative is cheaper).",
        nullable: false,
        views: &[View::Trials, View::Summary, View::Sweep],
        values: |r, _| &r.savings,
    },
    OutputDef {
        pattern: "savings_per_year",
        per: Per::Run,
        kind: OutputKind::Money,
        unit: Unit::CurrencyPerYear,
        label: "savings per year",
        description: "The yearly saving: savings divided by the horizon T in years.",
        nullable: false,
        views: &[View::Trials, View::Summary, View::Sweep],
        values: |r, _| &r.savings_per_year,
    },
    OutputDef {
        pattern: "payback_year",
        per: Per::Run,
        kind: OutputKind::Year,
        unit: Unit::Year,
        label: "payback year",
        description: "First year from which the cumulative saving stays non-negative; none (−1 in the core, null in the trial table) when it ends negative.",
        nullable: true,
        views: &[View::Trials],
        values: |r, _| &r.payback_year,
    },
    OutputDef {
        pattern: "{strategy}.total",
        per: Per::Strategy,
        kind: OutputKind::Money,
        unit: Unit::Currency,
        label: "{strategy} total cost",
        description: "The strategy's one-time cost plus the present value of every year's cost.",
        nullable: false,
        views: &[View::Trials, View::Summary, View::Sweep],
        values: |r, at| &r.strategies[at.strategy].total,
    },
    OutputDef {
        pattern: "{strategy}.one_time",
        per: Per::Strategy,
        kind: OutputKind::Money,
        unit: Unit::Currency,
        label: "{strategy} one-time cost",
        description: "The strategy's one-time (year 0) cost.",
        nullable: false,
        views: &[View::Trials, View::Summary],
        values: |r, at| &r.strategies[at.strategy].one_time,
    },
    OutputDef {
        pattern: "{strategy}.fte.{role}",
        per: Per::Role,
        kind: OutputKind::Fte,
        unit: Unit::Fte,
        label: "{strategy} {role} FTE",
        description: "Recurring hours of the role in the final year divided by its hours per year (sweep rows add the probability of running over capacity in any year).",
        nullable: false,
        views: &[View::Sweep],
        values: |r, at| &r.detail()[at.strategy].roles[at.role].fte[r.horizon - 1],
    },
];

/// One output of one result: its declaration, its name and its per-trial values.
#[derive(Debug)]
pub struct Output<'a> {
    /// Its declaration.
    pub def: &'static OutputDef,
    /// Its name (the pattern filled).
    pub name: String,
    /// Which strategy and role it is about.
    pub at: At,
    /// Its per-trial values.
    pub values: &'a [f64],
}

/// The outputs `view` shows for `r`, in the view's order. Only [`View::Sweep`] has
/// per-role outputs; listing them computes the result's detail ([`SimResult::detail`]).
pub fn of(r: &SimResult, view: View) -> Vec<Output<'_>> {
    let mut out = Vec::new();
    for &group in view.groups() {
        let defs = || {
            OUTPUTS
                .iter()
                .filter(move |d| d.per == group && d.views.contains(&view))
        };
        if defs().next().is_none() {
            continue;
        }
        let mut push = |def: &'static OutputDef, at: At, name: String| {
            out.push(Output {
                def,
                name,
                at,
                values: (def.values)(r, at),
            })
        };
        match group {
            Per::Run => defs().for_each(|d| push(d, At::default(), d.pattern.to_string())),
            Per::Strategy => {
                for (strategy, s) in r.strategies.iter().enumerate() {
                    for d in defs() {
                        let at = At { strategy, role: 0 };
                        push(d, at, fill(d.pattern, &s.name, ""));
                    }
                }
            }
            Per::Role => {
                for (strategy, s) in r.detail().iter().enumerate() {
                    for (role, ro) in s.roles.iter().enumerate() {
                        if !s.uses_role(&ro.name) {
                            continue;
                        }
                        for d in defs() {
                            push(d, At { strategy, role }, fill(d.pattern, &s.name, &ro.name));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every name `view` may show for a scenario with `strategies` and `roles` (each strategy
/// with every role), in the view's order, before anything is simulated.
pub fn names<'a>(
    view: View,
    strategies: impl Iterator<Item = &'a str> + Clone,
    roles: impl Iterator<Item = &'a str> + Clone,
) -> Vec<String> {
    let mut out = Vec::new();
    for &group in view.groups() {
        let defs = || {
            OUTPUTS
                .iter()
                .filter(move |d| d.per == group && d.views.contains(&view))
        };
        match group {
            Per::Run => out.extend(defs().map(|d| d.pattern.to_string())),
            Per::Strategy => {
                for s in strategies.clone() {
                    out.extend(defs().map(|d| fill(d.pattern, s, "")));
                }
            }
            Per::Role => {
                for s in strategies.clone() {
                    for r in roles.clone() {
                        out.extend(defs().map(|d| fill(d.pattern, s, r)));
                    }
                }
            }
        }
    }
    out
}

/// `pattern` with `{strategy}` and `{role}` filled in.
fn fill(pattern: &str, strategy: &str, role: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + strategy.len() + role.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap_or(rest.len() - open - 1);
        match &rest[open..=close] {
            "{strategy}" => out.push_str(strategy),
            "{role}" => out.push_str(role),
            other => out.push_str(other),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholder values of `name` under `pattern` (`("strategy", "repave")`, ...), or
/// `None` when it does not match. A placeholder matches a non-empty text, the shortest one
/// that lets the rest match.
fn matches(pattern: &str, name: &str) -> Option<Vec<(&'static str, String)>> {
    match pattern.find('{') {
        None => (pattern == name).then(Vec::new),
        Some(open) => {
            let (lit, rest) = pattern.split_at(open);
            let name = name.strip_prefix(lit)?;
            let close = rest.find('}')?;
            let key: &'static str = match &rest[..=close] {
                "{strategy}" => "strategy",
                "{role}" => "role",
                _ => return None,
            };
            let after = &rest[close + 1..];
            (1..=name.len())
                .filter(|&k| name.is_char_boundary(k))
                .find_map(|k| {
                    let mut found = matches(after, &name[k..])?;
                    found.insert(0, (key, name[..k].to_string()));
                    Some(found)
                })
        }
    }
}

/// The declaration output `name` is an instance of, with its placeholder values; the
/// first declaration that matches wins.
pub fn find(name: &str) -> Option<(&'static OutputDef, Vec<(&'static str, String)>)> {
    OUTPUTS
        .iter()
        .find_map(|d| matches(d.pattern, name).map(|b| (d, b)))
}

/// Words for output `name` in chart and report text (its declaration's label filled):
/// `savings`, `savings per year`, `repave total cost`, `repave one-time cost`,
/// `repave sre FTE`. A name no declaration matches is spelled out with spaces for `_`
/// and `.`.
pub fn label(name: &str) -> String {
    match find(name) {
        Some((def, bound)) => {
            let get = |key: &str| {
                bound
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or("", |(_, v)| v.as_str())
            };
            fill(def.label, get("strategy"), get("role"))
        }
        None => name.replace(['_', '.'], " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fill_and_match_back() {
        assert_eq!(
            fill("{strategy}.fte.{role}", "repave", "sre"),
            "repave.fte.sre"
        );
        assert_eq!(fill("savings", "x", "y"), "savings");
        let (d, b) = find("a.b.fte.sre").unwrap();
        assert_eq!(d.pattern, "{strategy}.fte.{role}");
        assert_eq!(
            b,
            vec![("strategy", "a.b".to_string()), ("role", "sre".to_string())]
        );
        assert_eq!(
            find("repave.one_time").unwrap().0.pattern,
            "{strategy}.one_time"
        );
        assert_eq!(find("payback_year").unwrap().0.kind, OutputKind::Year);
        assert!(find(".total").is_none(), "a placeholder is never empty");
        assert!(find("totals").is_none());
        assert!(find("savings_per_month").is_none());
    }

    #[test]
    fn labels_fill_the_declared_words() {
        assert_eq!(label("savings"), "savings");
        assert_eq!(label("savings_per_year"), "savings per year");
        assert_eq!(label("repave.total"), "repave total cost");
        assert_eq!(label("repave.one_time"), "repave one-time cost");
        assert_eq!(label("repave.fte.sre"), "repave sre FTE");
        assert_eq!(label("some_thing.else"), "some thing else");
    }

    #[test]
    fn names_follow_the_view_order() {
        let s = ["immutable", "repave"];
        let r = ["sre"];
        assert_eq!(
            names(View::Trials, s.iter().copied(), r.iter().copied()),
            [
                "immutable.total",
                "immutable.one_time",
                "repave.total",
                "repave.one_time",
                "savings",
                "savings_per_year",
                "payback_year"
            ]
        );
        assert_eq!(
            names(View::Sweep, s.iter().copied(), r.iter().copied()),
            [
                "savings",
                "savings_per_year",
                "immutable.total",
                "repave.total",
                "immutable.fte.sre",
                "repave.fte.sre"
            ]
        );
    }

    #[test]
    fn every_pattern_is_unique_and_has_its_placeholders() {
        for (i, d) in OUTPUTS.iter().enumerate() {
            assert!(OUTPUTS[..i].iter().all(|e| e.pattern != d.pattern));
            let has = |p: &str| d.pattern.contains(p) && d.label.contains(p);
            match d.per {
                Per::Run => assert!(!d.pattern.contains('{')),
                Per::Strategy => assert!(has("{strategy}") && !d.pattern.contains("{role}")),
                Per::Role => assert!(has("{strategy}") && has("{role}")),
            }
            assert!(!d.views.is_empty(), "{} is shown nowhere", d.pattern);
        }
    }
}
