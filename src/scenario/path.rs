//! Changing fields of a scenario by their dotted paths (`replace` and sweep grids).
//!
//! A path must name something that exists: a field of the format (set or left at its
//! default), an existing role, parameter, strategy or activity, or a key already present
//! inside a field's value (a distribution's `high`). Anything else is an error that names
//! the path, lists what exists there and suggests the nearest name, so a typo can never
//! add an unused key and leave the real field as it was.

use serde_json::{Map, Value};

use super::suggest::{hint, list_or_none};
use super::{Scenario, ScenarioError};

/// Where a path segment lands in a scenario, which decides the keys allowed there.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Top,
    Settings,
    Fleet,
    Staffing,
    Role,
    Parameters,
    Strategies,
    Strategy,
    Activities,
    Activity,
    Comparison,
    /// Inside a field's value (a distribution table, a list of weights): existing keys.
    Value,
    /// A text or other field with nothing inside.
    Leaf,
}

/// Fields of each table of the format, and where each leads.
fn schema(place: Place) -> &'static [(&'static str, Place)] {
    use Place::*;
    match place {
        Top => &[
            ("name", Leaf),
            ("description", Leaf),
            ("settings", Settings),
            ("fleet", Fleet),
            ("staffing", Staffing),
            ("parameters", Parameters),
            ("strategies", Strategies),
            ("comparison", Comparison),
            ("correlations", Value),
            ("finding_out", Leaf),
        ],
        Settings => &[
            ("horizon_years", Leaf),
            ("discount_rate", Value),
            ("currency", Leaf),
        ],
        Fleet => &[
            ("nodes", Value),
            ("services", Value),
            ("clusters", Value),
            ("growth", Value),
        ],
        Role => &[
            ("rate", Value),
            ("headcount", Value),
            ("hours_per_year", Value),
            ("available_share", Value),
            ("overflow_multiplier", Value),
        ],
        Strategy => &[("description", Leaf), ("activities", Activities)],
        Activity => &[
            ("name", Leaf),
            ("driver", Leaf),
            ("cycles_per_year", Value),
            ("probability", Value),
            ("hours", Value),
            ("role", Leaf),
            ("people", Value),
            ("cost", Value),
            ("practice", Leaf),
            ("description", Leaf),
        ],
        Comparison => &[("baseline", Leaf), ("alternative", Leaf)],
        Staffing | Parameters | Strategies | Activities | Value | Leaf => &[],
    }
}

/// What the entries of a named collection are called in messages.
fn collection(place: Place) -> Option<(&'static str, Place)> {
    match place {
        Place::Staffing => Some(("role", Place::Role)),
        Place::Parameters => Some(("parameter", Place::Value)),
        Place::Strategies => Some(("strategy", Place::Strategy)),
        _ => None,
    }
}

/// Sets the field at `path` in a scenario's value tree to `new`.
///
/// Paths are dotted keys; activities are selected by index (`activities[2]`) or by name
/// (`strategies.repave.activities.rebuild nodes.hours`). Fields of the format may be set
/// whether or not they are in the tree (an optional `probability`, a defaulted
/// `discount_rate`); roles, parameters, strategies and activities must exist, and inside
/// a field's value only existing keys and items can be changed.
pub fn set_path(root: &mut Value, path: &str, new: Value) -> Result<(), ScenarioError> {
    let err = |msg: String| ScenarioError::one(path, msg);
    let segments = split(path).map_err(err)?;
    let mut node = root;
    let mut place = Place::Top;
    // The path so far, for messages.
    let mut here = String::new();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let (next_node, next_place) = step(node, place, seg, &here).map_err(err)?;
        here = match seg {
            Segment::Key(k) if here.is_empty() => k.clone(),
            Segment::Key(k) => format!("{here}.{k}"),
            Segment::Index(ix) => format!("{here}[{ix}]"),
        };
        if last {
            *next_node = new;
            return Ok(());
        }
        node = next_node;
        place = next_place;
    }
    Err(err("the path is empty".to_string()))
}

/// Checks that `path` names something in the scenario tree `root`, without changing it.
pub fn check_path(root: &Value, path: &str) -> Result<(), ScenarioError> {
    set_path(&mut root.clone(), path, Value::Null)
}

/// One step down from `node` (at `place`, reached by the path `here`) by `seg`.
fn step<'v>(
    node: &'v mut Value,
    place: Place,
    seg: &Segment,
    here: &str,
) -> Result<(&'v mut Value, Place), String> {
    let at = if here.is_empty() {
        "the scenario"
    } else {
        here
    };
    match (node, seg) {
        (Value::Object(map), Segment::Key(k)) => {
            if let Some((what, inner)) = collection(place) {
                if !map.contains_key(k) {
                    return Err(unknown_entry(what, k, here, map));
                }
                return Ok((map.get_mut(k).expect("checked above"), inner));
            }
            let fields = schema(place);
            if let Some(&(_, inner)) = fields.iter().find(|(name, _)| name == k) {
                let child = map
                    .entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                return Ok((child, inner));
            }
            if place == Place::Value && map.contains_key(k) {
                return Ok((map.get_mut(k).expect("checked above"), Place::Value));
            }
            let names: Vec<&str> = if fields.is_empty() {
                map.keys().map(String::as_str).collect()
            } else {
                fields.iter().map(|(n, _)| *n).collect()
            };
            Err(format!(
                "{at} has no field {k:?}{} (fields: {})",
                hint(k, names.iter().copied()),
                list_or_none(names.iter().copied())
            ))
        }
        (Value::Array(items), Segment::Index(ix)) => {
            let len = items.len();
            let listing = item_listing(items, place);
            let inner = if place == Place::Activities {
                Place::Activity
            } else {
                Place::Value
            };
            items
                .get_mut(*ix)
                .map(|item| (item, inner))
                .ok_or_else(|| format!("index {ix} is out of range: {at} has {len} items{listing}"))
        }
        (Value::Array(items), Segment::Key(k)) => {
            if place != Place::Activities {
                return Err(format!(
                    "{at} is a list of {} items; select one by index, e.g. {at}[0], not by {k:?}",
                    items.len()
                ));
            }
            let names: Vec<String> = items
                .iter()
                .filter_map(|it| it.get("name").and_then(Value::as_str).map(str::to_string))
                .collect();
            match items
                .iter()
                .position(|it| it.get("name").and_then(Value::as_str) == Some(k.as_str()))
            {
                Some(ix) => Ok((&mut items[ix], Place::Activity)),
                None => Err(format!(
                    "no activity named {k:?} in {at}{} (activities: {})",
                    hint(k, names.iter().map(String::as_str)),
                    list_or_none(names.iter().map(String::as_str))
                )),
            }
        }
        (_, Segment::Index(_)) if place == Place::Activities => {
            Err(format!("{at} is not a list of activities"))
        }
        (Value::String(name), _) if place == Place::Value => Err(format!(
            "{at} names parameter {name:?}; change parameters.{name} (or a field inside it) \
             instead, or set {at} to a value of its own"
        )),
        (other, seg) => {
            let what = match seg {
                Segment::Key(k) => format!("{k:?}"),
                Segment::Index(ix) => format!("[{ix}]"),
            };
            Err(format!(
                "{at} is {}, which has nothing called {what} inside",
                kind(other)
            ))
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// `" ([0] a, [1] b)"` for a list of activities, else nothing.
fn item_listing(items: &[Value], place: Place) -> String {
    if place != Place::Activities || items.is_empty() {
        return String::new();
    }
    let named: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, it)| match it.get("name").and_then(Value::as_str) {
            Some(n) => format!("[{i}] {n:?}"),
            None => format!("[{i}]"),
        })
        .collect();
    format!(" ({})", named.join(", "))
}

/// The message for an entry of a collection (role, parameter, strategy) that is missing.
fn unknown_entry(what: &str, name: &str, here: &str, map: &Map<String, Value>) -> String {
    let names = map.keys().map(String::as_str);
    let plural = match what {
        "strategy" => "strategies".to_string(),
        _ => format!("{what}s"),
    };
    let mut msg = format!(
        "no {what} {name:?} in {here}{} ({plural}: {})",
        hint(name, names.clone()),
        list_or_none(names)
    );
    if what == "parameter" {
        msg.push_str(
            "; replace changes existing parameters only: add a new one with new_parameters",
        );
    }
    msg
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

fn split(path: &str) -> Result<Vec<Segment>, String> {
    if path.trim().is_empty() {
        return Err(format!(
            "the path is empty, got {path:?}; give a field's dotted path, e.g. fleet.nodes"
        ));
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && rest.is_empty() {
            return Err("the path has an empty segment".to_string());
        }
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']').ok_or("unclosed [ in the path")?;
            let ix = stripped[..end]
                .parse::<usize>()
                .map_err(|_| format!("bad index {:?}", &stripped[..end]))?;
            out.push(Segment::Index(ix));
            rest = &stripped[end + 1..];
        }
        if !rest.is_empty() {
            return Err(format!("unexpected {rest:?} in the path"));
        }
    }
    Ok(out)
}

impl Scenario {
    /// A new scenario with `new_parameters` added to `[parameters]` and then the field at
    /// each path of `changes` set to its value (see [`set_path`]).
    ///
    /// Changes only change what exists: a path that names nothing is an error, so is a new
    /// parameter whose name is taken. A parameter that fields used before the changes and
    /// that no field uses after them (its last field was set to a value of its own) is
    /// dropped with them: it no longer means anything, and keeping it would leave a scenario
    /// that does not load back; so are the `[[correlations]]` that name it (by `NAME` or
    /// `parameters.NAME`). Setting such a parameter in the same changes is an error.
    pub fn replace(
        &self,
        new_parameters: &[(String, Value)],
        changes: &[(String, Value)],
    ) -> Result<Scenario, ScenarioError> {
        let mut tree = self.to_value();
        let params = tree
            .get_mut("parameters")
            .and_then(Value::as_object_mut)
            .expect("a scenario's tree always has a parameters table");
        for (name, value) in new_parameters {
            let path = format!("parameters.{name}");
            if params.contains_key(name) {
                return Err(ScenarioError::one(
                    path,
                    format!(
                        "parameter {name:?} exists already; change it through replace's changes"
                    ),
                ));
            }
            params.insert(name.clone(), value.clone());
        }
        for (path, value) in changes {
            set_path(&mut tree, path, value.clone())?;
        }
        let mut edited = Scenario::from_value(tree)?;
        let used_before = self.parameter_uses();
        let used_after = edited.parameter_uses();
        let orphans: Vec<String> = used_before
            .keys()
            .filter(|n| !used_after.contains_key(**n))
            .map(|n| n.to_string())
            .collect();
        for name in orphans {
            let own = format!("parameters.{name}");
            if let Some((path, _)) = changes
                .iter()
                .find(|(p, _)| *p == own || p.starts_with(&format!("{own}.")))
            {
                return Err(ScenarioError::one(
                    path.clone(),
                    format!(
                        "parameter {name:?} is changed, but the other changes leave no field \
                         using it (it was used by {})",
                        used_before[name.as_str()].join(", ")
                    ),
                ));
            }
            edited.parameters.remove(&name);
            // Its rank correlations go with it: they were about an input that is gone.
            let own = format!("parameters.{name}");
            edited
                .correlations
                .retain(|c| !c.between.iter().any(|n| *n == name || *n == own));
        }
        Ok(edited)
    }
}
