//! The output registry: every output of a simulation declared once, with its name (or name
//! pattern), kind, unit, label, what it is given for, which tables show it and where its
//! per-trial values are read from the result.
//!
//! Readers (the trial table, summaries, sensitivity and tail lookups, sweep rows, the
//! breakdown and labour tables, result charts, the Python layer through `_core.outputs()`)
//! list outputs through [`of`] and name them through [`find`] and [`label`]; nothing else
//! builds an output's name. The values
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
    /// Currency, present value of one year's cost (year 0 for one-time items).
    CurrencyOfYear,
    /// A year number, 0..=T.
    Year,
    /// Full-time equivalents in the final year.
    Fte,
    /// Labour hours in one year.
    HoursOfYear,
    /// Full-time equivalents in one year.
    FteOfYear,
    /// 1 or 0 per trial and year: its mean is a probability.
    Flag,
}

impl Unit {
    /// The unit in words, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Currency => "currency, present value over the horizon",
            Unit::CurrencyPerYear => "currency a year (present value over the horizon / T)",
            Unit::CurrencyOfYear => "currency, present value of one year",
            Unit::Year => "year (0..T)",
            Unit::Fte => "FTE in the final year",
            Unit::HoursOfYear => "hours in one year",
            Unit::FteOfYear => "FTE in one year",
            Unit::Flag => "1 or 0 (its mean is a probability)",
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
    /// Once per strategy, activity and year of its cost (year 0 for one-time items, else
    /// 1..=T): `{strategy}`, `{activity}` and `{year}`.
    Activity,
    /// Once per strategy, role its recurring work uses and year 1..=T: `{strategy}`,
    /// `{role}` and `{year}`.
    RoleYear,
    /// Once per strategy and year 1..=T: `{strategy}` and `{year}`.
    StrategyYear,
    /// Once per practice (Repair, Repave, Rotate, other) that the baseline or the
    /// alternative uses: `{practice}`.
    Practice,
}

impl Per {
    /// The word for it, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Run => "run",
            Per::Strategy => "strategy",
            Per::Role => "role",
            Per::Activity => "activity and year",
            Per::RoleYear => "role and year",
            Per::StrategyYear => "strategy and year",
            Per::Practice => "practice",
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
    /// The breakdown table (`Result.breakdown()`): one row per activity output, strategy by
    /// strategy, activity by activity, year by year.
    Breakdown,
    /// The labour table (`Result.labour()`): one row per strategy, used role and year, a
    /// column per output (by kind: hours, FTE, probability).
    Labour,
    /// The cumulative table (`Result.cumulative()`): each strategy's year costs, strategy
    /// by strategy, year by year, added up after its one-time cost.
    Cumulative,
    /// The attribution table (`Result.attribution()`): one row per practice the baseline or
    /// the alternative uses, in the order repave, rotate, repair, other.
    Attribution,
}

impl View {
    /// The view's name, as `_core.outputs()` and the docs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Trials => "trials",
            View::Summary => "summary",
            View::Sweep => "sweep",
            View::Breakdown => "breakdown",
            View::Labour => "labour",
            View::Cumulative => "cumulative",
            View::Attribution => "attribution",
        }
    }

    /// The order of the groups of outputs in this view.
    fn groups(self) -> &'static [Per] {
        match self {
            View::Trials => &[Per::Strategy, Per::Run],
            View::Summary | View::Sweep => &[Per::Run, Per::Strategy, Per::Role],
            View::Breakdown => &[Per::Activity],
            View::Labour => &[Per::RoleYear],
            View::Cumulative => &[Per::StrategyYear],
            View::Attribution => &[Per::Practice],
        }
    }
}

/// Which strategy, role, activity and year slot an output instance is about (indexes into
/// [`SimResult::strategies`], the strategy's [`super::StrategyDetail::roles`] and
/// [`super::StrategyDetail::activities`], and the output's year columns; 0 where they do
/// not apply).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct At {
    /// Index of the strategy.
    pub strategy: usize,
    /// Index of the role in the scenario's staffing.
    pub role: usize,
    /// Index of the activity in the strategy.
    pub activity: usize,
    /// Index of the year column: `cost[year]` of an activity, `hours[year]` (year + 1) of
    /// a role.
    pub year: usize,
    /// Index of the practice in [`super::Attribution::practices`].
    pub practice: usize,
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

/// Every output, in declaration order (within one group of a view, see [`View`], this is the
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
    OutputDef {
        pattern: "{strategy}.{activity}.cost.{year}",
        per: Per::Activity,
        kind: OutputKind::Money,
        unit: Unit::CurrencyOfYear,
        label: "{activity} ({strategy}) cost in year {year}",
        description: "The activity's share of its role's labour cost plus its direct cost in the year, discounted; the breakdown's rows.",
        nullable: false,
        views: &[View::Breakdown],
        values: |r, at| &r.detail()[at.strategy].activities[at.activity].cost[at.year],
    },
    OutputDef {
        pattern: "{strategy}.{role}.hours.{year}",
        per: Per::RoleYear,
        kind: OutputKind::Hours,
        unit: Unit::HoursOfYear,
        label: "{strategy} {role} hours in year {year}",
        description: "Recurring labour hours of the role in the year (the labour table's `mean_hours`).",
        nullable: false,
        views: &[View::Labour],
        values: |r, at| &r.detail()[at.strategy].roles[at.role].hours[at.year],
    },
    OutputDef {
        pattern: "{strategy}.{role}.year_fte.{year}",
        per: Per::RoleYear,
        kind: OutputKind::Fte,
        unit: Unit::FteOfYear,
        label: "{strategy} {role} FTE in year {year}",
        description: "The hours divided by the role's hours per year (the labour table's `mean_fte`).",
        nullable: false,
        views: &[View::Labour],
        values: |r, at| &r.detail()[at.strategy].roles[at.role].fte[at.year],
    },
    OutputDef {
        pattern: "{strategy}.{role}.over_capacity.{year}",
        per: Per::RoleYear,
        kind: OutputKind::Probability,
        unit: Unit::Flag,
        label: "{strategy} {role} over capacity in year {year}",
        description: "1 when the hours exceed the role's capacity, else 0 (the labour table's `prob_over_capacity` is its mean).",
        nullable: false,
        views: &[View::Labour],
        values: |r, at| &r.detail()[at.strategy].roles[at.role].over_capacity[at.year],
    },
    OutputDef {
        pattern: "{strategy}.year_cost.{year}",
        per: Per::StrategyYear,
        kind: OutputKind::Money,
        unit: Unit::CurrencyOfYear,
        label: "{strategy} cost in year {year}",
        description: "The strategy's recurring and random-event cost in the year, discounted (`year_cost[y]` in the model); the cumulative table adds the years to the one-time cost.",
        nullable: false,
        views: &[View::Cumulative],
        values: |r, at| &r.strategies[at.strategy].year_cost[at.year],
    },
    OutputDef {
        pattern: "savings.{practice}",
        per: Per::Practice,
        kind: OutputKind::Money,
        unit: Unit::Currency,
        label: "savings from {practice}",
        description: "The part of savings from one practice's activities (`practice` in the scenario: repave, rotate, repair, other): the baseline's cost of them minus the alternative's; the parts add up to `savings` in every trial (the attribution table's rows).",
        nullable: false,
        views: &[View::Attribution],
        values: |r, at| &r.attribution().practices[at.practice].1,
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

/// The outputs `view` shows for `r`, in the view's order. Listing per-role, per-activity
/// or per-year outputs computes the result's detail ([`SimResult::detail`]).
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
        let mut push = |at: At, names: &[(&str, &str)]| {
            for def in defs() {
                out.push(Output {
                    def,
                    name: fill(def.pattern, names),
                    at,
                    values: (def.values)(r, at),
                })
            }
        };
        let at = At::default();
        match group {
            Per::Run => push(at, &[]),
            Per::Strategy => {
                for (strategy, s) in r.strategies.iter().enumerate() {
                    push(At { strategy, ..at }, &[("strategy", &s.name)]);
                }
            }
            Per::Role | Per::RoleYear => {
                let years = if group == Per::Role { 0 } else { r.horizon };
                for (strategy, s) in r.detail().iter().enumerate() {
                    for (role, ro) in s.roles.iter().enumerate() {
                        if !s.uses_role(&ro.name) {
                            continue;
                        }
                        let names = [("strategy", s.name.as_str()), ("role", &ro.name)];
                        if group == Per::Role {
                            push(
                                At {
                                    strategy,
                                    role,
                                    ..at
                                },
                                &names,
                            );
                        }
                        for year in 0..years {
                            let y = (year + 1).to_string();
                            let at = At {
                                strategy,
                                role,
                                year,
                                ..at
                            };
                            push(at, &[names[0], names[1], ("year", &y)]);
                        }
                    }
                }
            }
            Per::StrategyYear => {
                for (strategy, s) in r.strategies.iter().enumerate() {
                    for year in 0..s.year_cost.len() {
                        let y = (year + 1).to_string();
                        let names = [("strategy", s.name.as_str()), ("year", &y)];
                        push(
                            At {
                                strategy,
                                year,
                                ..at
                            },
                            &names,
                        );
                    }
                }
            }
            Per::Practice => {
                for (practice, (p, _)) in r.attribution().practices.iter().enumerate() {
                    push(At { practice, ..at }, &[("practice", p.as_str())]);
                }
            }
            Per::Activity => {
                for (strategy, s) in r.detail().iter().enumerate() {
                    for (activity, a) in s.activities.iter().enumerate() {
                        for year in 0..a.cost.len() {
                            let y = (a.first_year + year).to_string();
                            let names = [
                                ("strategy", s.name.as_str()),
                                ("activity", &a.name),
                                ("year", &y),
                            ];
                            push(
                                At {
                                    strategy,
                                    activity,
                                    year,
                                    ..at
                                },
                                &names,
                            );
                        }
                    }
                }
            }
        }
    }
    out
}

/// A result's outputs, read through the registry. These live here rather than in
/// `result.rs` so that the result does not import the registry that reads it.
impl SimResult {
    /// The outputs summaries and sensitivity speak of ([`View::Summary`]): `savings`,
    /// `savings_per_year`, then each strategy's `NAME.total` and `NAME.one_time`.
    pub fn outputs(&self) -> Vec<(String, &[f64])> {
        of(self, View::Summary)
            .into_iter()
            .map(|o| (o.name, o.values))
            .collect()
    }

    /// The output called `name` (see [`SimResult::outputs`]).
    pub fn output(&self, name: &str) -> Option<&[f64]> {
        self.outputs()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Every name `view` may show for a scenario with `strategies` and `roles` (each strategy
/// with every role), in the view's order, before anything is simulated. Per-activity and
/// per-year outputs (rows of the breakdown and labour tables) are not named in advance and
/// are left out.
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
                    out.extend(defs().map(|d| fill(d.pattern, &[("strategy", s)])));
                }
            }
            Per::Role => {
                for s in strategies.clone() {
                    for r in roles.clone() {
                        let names = [("strategy", s), ("role", r)];
                        out.extend(defs().map(|d| fill(d.pattern, &names)));
                    }
                }
            }
            Per::Activity | Per::RoleYear | Per::StrategyYear | Per::Practice => {}
        }
    }
    out
}

/// The placeholders a pattern may hold.
const PLACEHOLDERS: [&str; 5] = ["strategy", "role", "activity", "year", "practice"];

/// `pattern` with each `{key}` of `names` filled in (a placeholder not in `names` becomes
/// empty).
fn fill(pattern: &str, names: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let key = &rest[open + 1..close];
        if PLACEHOLDERS.contains(&key) {
            let value = names
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| *v);
            out.push_str(value);
        } else {
            out.push_str(&rest[open..=close]);
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
            let key: &'static str = PLACEHOLDERS.into_iter().find(|k| *k == &rest[1..close])?;
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
            let names: Vec<(&str, &str)> = bound.iter().map(|(k, v)| (*k, v.as_str())).collect();
            fill(def.label, &names)
        }
        None => name.replace(['_', '.'], " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fill_and_match_back() {
        let names = [("strategy", "repave"), ("role", "sre")];
        assert_eq!(fill("{strategy}.fte.{role}", &names), "repave.fte.sre");
        assert_eq!(fill("savings", &names), "savings");
        assert_eq!(fill("{other}.{role}", &names), "{other}.sre");
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
            let only = |keys: &[&str]| {
                PLACEHOLDERS
                    .iter()
                    .all(|k| has(&format!("{{{k}}}")) == keys.contains(k))
            };
            let ok = match d.per {
                Per::Run => only(&[]),
                Per::Strategy => only(&["strategy"]),
                Per::Role => only(&["strategy", "role"]),
                Per::Activity => only(&["strategy", "activity", "year"]),
                Per::RoleYear => only(&["strategy", "role", "year"]),
                Per::StrategyYear => only(&["strategy", "year"]),
                Per::Practice => only(&["practice"]),
            };
            assert!(ok, "{}: placeholders do not match {:?}", d.pattern, d.per);
            assert!(!d.views.is_empty(), "{} is shown nowhere", d.pattern);
            if d.views.contains(&View::Labour) {
                let kinds = [OutputKind::Hours, OutputKind::Fte, OutputKind::Probability];
                assert!(kinds.contains(&d.kind), "{}: no labour column", d.pattern);
            }
        }
    }
}
