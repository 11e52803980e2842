//! Keys given twice in one JSON object.
//!
//! `serde_json` keeps the last of two equal keys without a word, so
//! `{"fleet": {"nodes": 10, "nodes": 1000}}` would be a fleet of 1,000 nodes while the file
//! also says 10. TOML refuses such a file; JSON scenarios are refused the same way. The walk
//! reads the text once more, keeping nothing but the paths of the repeated keys.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The paths of keys that appear twice in one object of the JSON `text`
/// (`fleet.nodes`, list items as `[i]`), in the order they occur.
pub fn duplicate_keys(text: &str) -> Result<Vec<String>, serde_json::Error> {
    let mut found = Vec::new();
    let mut reader = serde_json::Deserializer::from_str(text);
    Walk {
        path: String::new(),
        found: &mut found,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok(found)
}

/// One value of the tree being walked, at `path`.
struct Walk<'a> {
    path: String,
    found: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let item = Walk {
                path: format!("{}[{i}]", self.path),
                found: &mut *self.found,
            };
            if items.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = entries.next_key::<String>()? {
            let path = self.child(&key);
            if !seen.insert(key) {
                self.found.push(path.clone());
            }
            entries.next_value_seed(Walk {
                path,
                found: &mut *self.found,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::duplicate_keys;

    #[test]
    fn finds_every_repeated_key_with_its_path() {
        let text = r#"{"a": 1, "b": {"c": [{"d": 1, "d": 2}, {"d": 3}], "c": 0}, "a": 2}"#;
        assert_eq!(duplicate_keys(text).unwrap(), vec!["b.c[0].d", "b.c", "a"]);
    }

    #[test]
    fn a_file_without_repeats_has_none() {
        let text = r#"{"a": {"b": [1, 2.5, "x", null, true, {"b": 1}]}, "b": -3}"#;
        assert!(duplicate_keys(text).unwrap().is_empty());
        // Equal keys in different objects are not repeats; escaped forms are the same key.
        assert!(duplicate_keys(r#"{"x": {"k": 1}, "y": {"k": 1}}"#)
            .unwrap()
            .is_empty());
        assert_eq!(
            duplicate_keys(r#"{"k": 1, "\u006b": 2}"#).unwrap(),
            vec!["k"]
        );
    }
}
