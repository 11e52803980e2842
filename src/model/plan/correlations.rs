//! The correlations pass: every `[[correlations]]` entry's two names resolved to input
//! columns (a parameter name, or a field's path as `replace` and sweep grids take it, or
//! the input's column name in the trial table), then the targets checked together.
//!
//! Every problem is reported at once, each at its entry's path: a name that is no input, an
//! input that is fixed (not uncertain), both names one input, the same pair twice (in either
//! order), a rank outside [-1, 1], and, only when there is none of those, a set of targets
//! that is not a valid correlation matrix (through [`rank_target_matrix`], which names the
//! pairs at fault and gives Higham's nearest valid matrix for the message; nothing is
//! repaired silently).
//!
//! The compiled targets ([`RankTargets`]) name their columns in input order (the trial
//! table's column order), whatever the order of the entries in the file, so reordering
//! `[[correlations]]` does not change a result.

use std::collections::BTreeMap;

use super::compiler::{Compiler, Resolved};
use crate::money::format_exact;
use crate::sampling::RankTargets;
use crate::scenario::suggest::hint;
use crate::scenario::{Quantity, Scenario};
use crate::stats::correlation_matrix::TargetProblem;
use crate::stats::rank_targets::{not_psd_message, PairSet};

/// One target of a compiled plan: the rank correlation between inputs `a` and `b`.
#[derive(Clone, Debug, PartialEq)]
pub struct CorrelationPlan {
    /// The entry's position in the scenario's `correlations`.
    pub entry: usize,
    /// The first input's index (into [`super::Plan::inputs`]).
    pub a: usize,
    /// The second input's index.
    pub b: usize,
    /// The target Spearman coefficient.
    pub rank: f64,
}

/// What a scenario's correlations compile to: the targets kept (file order) and the
/// sampler's matrix over the inputs they name, `None` when there are none.
#[derive(Clone, Debug, Default)]
pub(super) struct Compiled {
    pub(super) pairs: Vec<CorrelationPlan>,
    pub(super) targets: Option<RankTargets>,
}

/// What to do with a correlation that names an input a grid point made fixed.
#[derive(Clone, Copy, Debug)]
pub(super) enum FixedInputs {
    /// A scenario as written: such a correlation is an error.
    Refuse,
    /// A sweep's grid point: the correlations involving an input the point fixed (a field
    /// or parameter it set to a number) are dropped at that point; the remaining targets
    /// are a principal submatrix of a valid matrix, hence valid. (A parameter the point's
    /// changes left unused is dropped by `Scenario::replace` with its correlations.)
    DropFixed,
}

/// What a name in `between` stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    /// Input column `i`.
    Input(usize),
    /// A fixed number.
    Fixed(f64),
    /// A parameter or field whose own problem is reported elsewhere.
    Broken,
}

/// Every name an input may go by, with what it stands for.
fn names(c: &Compiler<'_>) -> BTreeMap<String, Target> {
    let scenario = c.scenario;
    let mut out = BTreeMap::new();
    let of_parameter = |name: &str| match c.resolved.get(name) {
        Some(Some(Resolved::Input(i))) => Target::Input(*i),
        Some(Some(Resolved::Fixed(v))) => Target::Fixed(*v),
        _ => Target::Broken,
    };
    for name in scenario.parameters.keys() {
        let t = of_parameter(name);
        out.insert(name.clone(), t);
        out.insert(format!("parameters.{name}"), t);
    }
    for (path, q) in scenario.numeric_fields() {
        let key = input_key(scenario, &path);
        let t = match q {
            Quantity::Fixed(v) => Target::Fixed(*v),
            Quantity::Param(name) => of_parameter(name),
            Quantity::Dist(_) => c.input_index(&key).map_or(Target::Broken, Target::Input),
        };
        for alias in aliases(scenario, &path, &key) {
            out.entry(alias).or_insert(t);
        }
    }
    out
}

/// The input column key of the field at `path` (an activity's fields are keyed by the
/// activity's name, `strategies.S.NAME.FIELD`; every other field by its path).
fn input_key(scenario: &Scenario, path: &str) -> String {
    match activity_of(scenario, path) {
        Some((strategy, name, field)) => format!("strategies.{strategy}.{name}.{field}"),
        None => path.to_string(),
    }
}

/// `(strategy, activity name, field)` when `path` is `strategies.S.activities[i].FIELD`.
fn activity_of<'s>(scenario: &'s Scenario, path: &'s str) -> Option<(&'s str, &'s str, &'s str)> {
    let rest = path.strip_prefix("strategies.")?;
    let (strategy, after) = rest.split_once(".activities[")?;
    let (index, field) = after.split_once("].")?;
    let activity = scenario
        .strategies
        .get(strategy)?
        .activities
        .get(index.parse::<usize>().ok()?)?;
    Some((strategy, activity.name.as_str(), field))
}

/// The names a field goes by: its path (by index), the path with the activity selected
/// by name (`strategies.S.activities.NAME.FIELD`), and its input key.
fn aliases(scenario: &Scenario, path: &str, key: &str) -> Vec<String> {
    let mut out = vec![path.to_string()];
    if let Some((strategy, name, field)) = activity_of(scenario, path) {
        out.push(format!("strategies.{strategy}.activities.{name}.{field}"));
    }
    out.push(key.to_string());
    out
}

/// The message part that names an input: `rate_sre`, or its key when the name differs.
fn shown(name: &str, key: &str) -> String {
    if name == key {
        format!("{name:?}")
    } else {
        format!("{name:?} (input {key:?})")
    }
}

/// Compiles the scenario's `[[correlations]]`, reporting every problem at once.
pub(super) fn correlations(c: &mut Compiler<'_>, fixed: FixedInputs) -> Compiled {
    let scenario = c.scenario;
    if scenario.correlations.is_empty() {
        return Compiled::default();
    }
    let known = names(c);
    let problems_before = c.problems.0.len();
    let mut pairs: Vec<CorrelationPlan> = Vec::new();
    // (a, b) with a < b -> the entry that first named them.
    let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (entry, corr) in scenario.correlations.iter().enumerate() {
        let at = format!("correlations[{entry}]");
        if !(-1.0..=1.0).contains(&corr.rank) {
            c.problems.push(
                format!("{at}.rank"),
                format!(
                    "a rank correlation must be in [-1, 1], got {}",
                    format_exact(corr.rank)
                ),
            );
        }
        if corr.between.len() != 2 {
            c.problems.push(
                format!("{at}.between"),
                format!(
                    "must name exactly two inputs (parameter names or field paths), got {}",
                    corr.between.len()
                ),
            );
            continue;
        }
        let mut ends = Vec::new();
        let mut dropped = false;
        for (j, name) in corr.between.iter().enumerate() {
            let path = format!("{at}.between[{j}]");
            match known.get(name.as_str()) {
                Some(Target::Input(i)) => ends.push(*i),
                Some(Target::Fixed(v)) => match fixed {
                    FixedInputs::DropFixed => dropped = true,
                    FixedInputs::Refuse => c.problems.push(
                        path,
                        format!(
                            "{name:?} is fixed at {}, not uncertain: only inputs with a \
                             distribution can be correlated; give it one or remove this \
                             correlation",
                            format_exact(*v)
                        ),
                    ),
                },
                Some(Target::Broken) => dropped = true,
                None => {
                    let inputs = c.inputs.iter().map(|i| i.key.as_str());
                    c.problems.push(
                        path,
                        format!(
                            "{name:?} names no uncertain input{} (give a parameter name or a \
                             field path; uncertain inputs: {})",
                            hint(name, inputs.clone()),
                            crate::scenario::suggest::list_or_none(inputs)
                        ),
                    );
                }
            }
        }
        if dropped || ends.len() != 2 {
            continue;
        }
        let (a, b) = (ends[0], ends[1]);
        if a == b {
            c.problems.push(
                format!("{at}.between"),
                format!(
                    "both names are the same input, {}; a correlation is between two inputs",
                    shown(&corr.between[0], &c.inputs[a].key)
                ),
            );
            continue;
        }
        let ordered = (a.min(b), a.max(b));
        if let Some(&first) = seen.get(&ordered) {
            c.problems.push(
                format!("{at}.between"),
                format!(
                    "correlates the same two inputs as correlations[{first}] ({} and {}); \
                     give each pair once",
                    c.inputs[a].key, c.inputs[b].key
                ),
            );
            continue;
        }
        seen.insert(ordered, entry);
        pairs.push(CorrelationPlan {
            entry,
            a,
            b,
            rank: corr.rank,
        });
    }
    if c.problems.0.len() > problems_before || pairs.is_empty() {
        return Compiled::default();
    }
    let set = PairSet::new(&pairs.iter().map(|p| (p.a, p.b, p.rank)).collect::<Vec<_>>());
    match set.targets() {
        Ok(targets) => Compiled {
            pairs,
            targets: Some(targets),
        },
        Err(problems) => {
            let names: Vec<String> = pairs
                .iter()
                .map(|p| {
                    format!(
                        "correlations[{}] ({} ~ {}, {})",
                        p.entry,
                        c.inputs[p.a].key,
                        c.inputs[p.b].key,
                        format_exact(p.rank)
                    )
                })
                .collect();
            for problem in problems {
                let message = match &problem {
                    TargetProblem::NotPositiveSemiDefinite(bad) => {
                        let key = |col: usize| c.inputs[set.columns[col]].key.clone();
                        not_psd_message(bad, &set, &names, &key)
                    }
                    other => format!("invalid rank correlations: {other:?}"),
                };
                c.problems.push("correlations", message);
            }
            Compiled::default()
        }
    }
}
