//! The compiler's state shared by every pass: the problems found so far, the input columns
//! registered so far (their order is the trial table's column order), and the compilation
//! of one numeric field into a [`Val`].

use std::collections::{BTreeMap, HashMap};

use super::ranges::Range;
use super::Val;
use crate::distributions::Dist;
use crate::money::format_exact;
use crate::sampling::InputSpec;
use crate::scenario::error::Problems;
use crate::scenario::suggest::{hint, list_or_none};
use crate::scenario::{Quantity, Scenario};

/// Builds the plan, collecting every problem; the passes in this folder each add theirs.
pub(super) struct Compiler<'a> {
    /// The scenario being compiled.
    pub(super) scenario: &'a Scenario,
    /// Every problem found so far, in the order found.
    pub(super) problems: Problems,
    /// Uncertain inputs in the order registered: the trial table's column order.
    pub(super) inputs: Vec<InputSpec>,
    by_key: HashMap<String, usize>,
    /// Parameters already resolved: their root value or `None` when broken.
    pub(super) resolved: HashMap<String, Option<Resolved>>,
    /// Fields whose range a parameter's values break: by parameter and range, the
    /// fields and what the parameter's values are. Reported once, at the parameter.
    misfits: BTreeMap<(String, &'static str), Misfit>,
}

/// A parameter whose values some fields cannot take.
struct Misfit {
    /// What the parameter's values are ("is 8", "ranges over [0, 1.5]").
    values: String,
    /// The fields that name it.
    fields: Vec<String>,
}

/// What a parameter stands for once its aliases are followed.
#[derive(Clone)]
pub(super) enum Resolved {
    /// A number.
    Fixed(f64),
    /// The input column of a distribution.
    Input(usize),
}

/// The number a text such as `"3"`, `"0.5"` or `"8%"` (a share: 0.08) stands for.
fn quoted_number(text: &str) -> Option<f64> {
    let t = text.trim().replace('_', "");
    match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok().map(|v| v / 100.0),
        None => t.parse::<f64>().ok(),
    }
    .filter(|v| v.is_finite())
}

impl<'a> Compiler<'a> {
    /// A compiler for `scenario` with nothing found or registered yet.
    pub(super) fn new(scenario: &'a Scenario) -> Self {
        Compiler {
            scenario,
            problems: Problems::default(),
            inputs: Vec::new(),
            by_key: HashMap::new(),
            resolved: HashMap::new(),
            misfits: BTreeMap::new(),
        }
    }

    /// The index of the input column `key`, registering it with `dist` when new.
    pub(super) fn register(&mut self, key: &str, dist: Dist) -> usize {
        if let Some(&i) = self.by_key.get(key) {
            return i;
        }
        self.inputs.push(InputSpec::new(key, dist));
        self.by_key.insert(key.to_string(), self.inputs.len() - 1);
        self.inputs.len() - 1
    }

    /// The index of the input column `key`, if it is registered.
    pub(super) fn input_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Compiles one numeric field found at `path`; `key` names its input column.
    pub(super) fn value(&mut self, q: &Quantity, path: &str, key: &str, range: Range) -> Val {
        match q {
            Quantity::Fixed(v) => {
                if !v.is_finite() {
                    self.problems
                        .push(path, format!("must be a finite number, got {v}"));
                } else if !range.admits(*v) {
                    self.problems.push(
                        path,
                        format!("must be {}, got {}", range.text, format_exact(*v)),
                    );
                }
                Val::Const(*v)
            }
            Quantity::Dist(spec) => match spec.build() {
                Ok(dist) => {
                    let (lo, hi) = dist.support();
                    if !range.admits_support(lo, hi) {
                        self.problems.push(
                            path,
                            format!(
                                "must be {}, but this {} distribution ranges over [{}, {}]",
                                range.text,
                                spec.family(),
                                format_exact(lo),
                                format_exact(hi)
                            ),
                        );
                    }
                    Val::Input(self.register(key, dist))
                }
                Err(e) => {
                    self.problems.push(path, e.message);
                    Val::Const(0.0)
                }
            },
            Quantity::Param(name) => {
                if !self.scenario.parameters.contains_key(name) {
                    let known = self.scenario.parameters.keys().map(String::as_str);
                    let message = match quoted_number(name) {
                        Some(v) => format!(
                            "{name:?} is text, which names a parameter; write the number \
                             without quotes: {}",
                            crate::money::format_number(v)
                        ),
                        None => format!(
                            "undefined parameter {name:?}{} (defined: {})",
                            hint(name, known.clone()),
                            list_or_none(known)
                        ),
                    };
                    self.problems.push(path, message);
                    return Val::Const(0.0);
                }
                match self.parameter(name, &mut Vec::new()) {
                    Some(Resolved::Fixed(v)) => {
                        if !range.admits(v) {
                            self.misfit(name, range, format!("is {}", format_exact(v)), path);
                        }
                        Val::Const(v)
                    }
                    Some(Resolved::Input(i)) => {
                        let (lo, hi) = self.inputs[i].dist.support();
                        if !range.admits_support(lo, hi) {
                            self.misfit(
                                name,
                                range,
                                format!("ranges over [{}, {}]", format_exact(lo), format_exact(hi)),
                                path,
                            );
                        }
                        Val::Input(i)
                    }
                    None => Val::Const(0.0),
                }
            }
        }
    }

    /// Compiles the numeric field at `path`, whose input column is named by its path.
    pub(super) fn field(&mut self, q: &Quantity, path: &str, range: Range) -> Val {
        self.value(q, path, path, range)
    }

    /// Records that parameter `name`, whose values are as `values` says, is named by the
    /// field at `path`, which must stay in `range`.
    fn misfit(&mut self, name: &str, range: Range, values: String, path: &str) {
        self.misfits
            .entry((name.to_string(), range.text))
            .or_insert_with(|| Misfit {
                values,
                fields: Vec::new(),
            })
            .fields
            .push(path.to_string());
    }

    /// One problem per parameter and range its values break, at the parameter.
    pub(super) fn report_misfits(&mut self) {
        for ((name, range), m) in std::mem::take(&mut self.misfits) {
            let message = match m.fields.as_slice() {
                [one] => format!("{}, but {one} (which names it) must be {range}", m.values),
                many => format!(
                    "{}, but the {} fields that name it must be {range}: {}",
                    m.values,
                    many.len(),
                    many.join(", ")
                ),
            };
            self.problems.push(format!("parameters.{name}"), message);
        }
    }
}
