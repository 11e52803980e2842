//! A numeric field's value: a fixed number, a distribution, or a named parameter.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::distributions::DistSpec;

/// What a numeric scenario field holds.
///
/// In files: `3`, `{ dist = "pert", low = 1, mode = 3, high = 8 }`, or `"parameter_name"`.
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    /// A fixed number.
    Fixed(f64),
    /// A distribution drawn once per trial.
    Dist(DistSpec),
    /// A reference to a named parameter.
    Param(String),
}

impl Quantity {
    /// The fixed number, if this is one.
    pub fn as_fixed(&self) -> Option<f64> {
        match self {
            Quantity::Fixed(v) => Some(*v),
            _ => None,
        }
    }
}

impl From<f64> for Quantity {
    fn from(v: f64) -> Self {
        Quantity::Fixed(v)
    }
}

impl From<DistSpec> for Quantity {
    fn from(d: DistSpec) -> Self {
        Quantity::Dist(d)
    }
}

/// Largest integer that round-trips exactly through `f64`.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Quantity::Fixed(v) if v.fract() == 0.0 && v.abs() < EXACT_INT => {
                s.serialize_i64(*v as i64)
            }
            Quantity::Fixed(v) => s.serialize_f64(*v),
            Quantity::Dist(d) => d.serialize(s),
            Quantity::Param(name) => s.serialize_str(name),
        }
    }
}

struct QuantityVisitor;

impl<'de> Visitor<'de> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a parameter name, or a distribution table with a `dist` field")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
        Ok(Quantity::Param(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Quantity, A::Error> {
        DistSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(Quantity::Dist)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Quantity, D::Error> {
        d.deserialize_any(QuantityVisitor)
    }
}
