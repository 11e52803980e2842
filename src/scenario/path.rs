//! Changing one field of a scenario tree by its dotted path.

use serde_json::Value;

use super::ScenarioError;

/// Sets the field at `path` in a scenario's value tree to `new`.
///
/// Paths are dotted keys; list items are selected by index (`activities[2]`) or, for
/// activities, by name (`strategies.repave.activities.rebuild nodes.hours`). Missing
/// table keys are created (so optional fields can be set); missing list items are errors.
pub fn set_path(root: &mut Value, path: &str, new: Value) -> Result<(), ScenarioError> {
    let err = |msg: String| ScenarioError::one(path, msg);
    let segments = split(path).map_err(err)?;
    let mut node = root;
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        node = match (node, seg) {
            (Value::Object(map), Segment::Key(k)) => {
                if last {
                    map.insert(k.clone(), new);
                    return Ok(());
                }
                map.entry(k.clone())
                    .or_insert_with(|| Value::Object(Default::default()))
            }
            (Value::Array(items), Segment::Index(ix)) => {
                let len = items.len();
                let item = items.get_mut(*ix).ok_or_else(|| {
                    err(format!(
                        "index {ix} is out of range (the list has {len} items)"
                    ))
                })?;
                if last {
                    *item = new;
                    return Ok(());
                }
                item
            }
            (Value::Array(items), Segment::Key(k)) => {
                let item = items
                    .iter_mut()
                    .find(|it| it.get("name").and_then(Value::as_str) == Some(k.as_str()))
                    .ok_or_else(|| err(format!("no item named {k:?} in this list")))?;
                if last {
                    *item = new;
                    return Ok(());
                }
                item
            }
            (_, seg) => {
                return Err(err(format!(
                    "cannot descend into {seg:?}: not a table or list"
                )))
            }
        };
    }
    Err(err("the path is empty".to_string()))
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

fn split(path: &str) -> Result<Vec<Segment>, String> {
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
