//! The machinery behind the one declaration of each distribution family.
//!
//! `families!` takes, for every family, its file name, its fields (name, Python name,
//! type, default, doc and check) and how its parameters become a sampler, and generates
//! from it: the serde-tagged [`DistSpec`](super::DistSpec) enum (parsing), its
//! serialisation (files, `to_dict`), [`DistSpec::family`](super::DistSpec::family), the
//! field checks, the generic constructor [`DistSpec::from_fields`](super::DistSpec::from_fields)
//! behind Python's constructors, and [`FAMILIES`](super::FAMILIES), which `repr`, the
//! Python field conversion and the docs table read. The declaration itself is in `spec.rs`.

use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::checks::DistError;

/// What a field holds, from its Rust type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One number (`f64`), required unless it has a default.
    Number,
    /// One number that may be left out (`Option<f64>`).
    OptionalNumber,
    /// A list of numbers (`Vec<f64>`).
    Numbers,
    /// A list of numbers that may be left out (`Option<Vec<f64>>`).
    OptionalNumbers,
}

impl FieldKind {
    /// The name `_core.families()` reports: `"number"`, `"optional number"`, ….
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Number => "number",
            FieldKind::OptionalNumber => "optional number",
            FieldKind::Numbers => "numbers",
            FieldKind::OptionalNumbers => "optional numbers",
        }
    }

    /// True for a list of numbers.
    pub fn is_list(self) -> bool {
        matches!(self, FieldKind::Numbers | FieldKind::OptionalNumbers)
    }

    /// True when the field may be left out (it is then absent).
    pub fn is_optional(self) -> bool {
        matches!(self, FieldKind::OptionalNumber | FieldKind::OptionalNumbers)
    }
}

/// A check on one field's value on its own, run before the family's own checks between
/// fields (bounds in order, mode within bounds, …).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// No check of its own (the family checks it, e.g. a list's elements).
    None,
    /// A finite number.
    Finite,
    /// Finite and above 0.
    Positive,
    /// Finite, above 0 and at most the limit.
    PositiveAtMost(f64),
}

impl Check {
    /// Applies the check to `value` (when present), naming the field `param`.
    pub(crate) fn apply(self, param: &str, value: Option<f64>) -> Result<(), DistError> {
        let Some(value) = value else { return Ok(()) };
        match self {
            Check::None => Ok(()),
            Check::Finite => super::checks::finite(param, value).map(drop),
            Check::Positive => super::checks::positive(param, value).map(drop),
            Check::PositiveAtMost(limit) => {
                super::checks::positive(param, value)?;
                super::checks::at_most(param, value, limit).map(drop)
            }
        }
    }

    /// The allowed range as a short phrase for docs (`"> 0"`), empty when unchecked.
    pub fn range(self) -> String {
        match self {
            Check::None => String::new(),
            Check::Finite => "finite".to_string(),
            Check::Positive => "> 0".to_string(),
            Check::PositiveAtMost(limit) => format!("> 0, ≤ {limit:e}"),
        }
    }
}

/// One field of a family, as declared.
#[derive(Debug)]
pub struct FieldDef {
    /// The name in scenario files, JSON and `to_dict` (`"lambda"`).
    pub name: &'static str,
    /// The keyword in the Python constructor (`"lambda_"`: `lambda` is a keyword there).
    pub python_name: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// The value used when it is left out (only PERT's `lambda` has one).
    pub default: Option<f64>,
    /// The check on its own value.
    pub check: Check,
    /// One sentence saying what it is.
    pub doc: &'static str,
}

/// One distribution family, as declared.
#[derive(Debug)]
pub struct FamilyDef {
    /// The name in files (`"lognormal_ci90"`), also the Python constructor's name.
    pub name: &'static str,
    /// One sentence saying what it is.
    pub doc: &'static str,
    /// Constraints between fields and remarks, for the docs table (may be empty).
    pub notes: &'static str,
    /// The fields, in file and constructor order.
    pub fields: &'static [FieldDef],
}

/// The declared family called `name` (its file name), if any.
pub fn family_def(name: &str) -> Option<&'static FamilyDef> {
    super::FAMILIES.iter().find(|family| family.name == name)
}

/// A present field's value, borrowed from a spec.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldValue<'a> {
    /// One number.
    Number(f64),
    /// A list of numbers.
    Numbers(&'a [f64]),
}

impl Serialize for FieldValue<'_> {
    // Exactly what `f64` and `Vec<f64>` serialise as, so files and hashes are unchanged.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Number(x) => serializer.serialize_f64(*x),
            FieldValue::Numbers(xs) => {
                let mut seq = serializer.serialize_seq(Some(xs.len()))?;
                for x in *xs {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
        }
    }
}

/// A field's value handed to [`DistSpec::from_fields`](super::DistSpec::from_fields).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldInput {
    /// One number (for a number field).
    Number(f64),
    /// A list of numbers (for a list field).
    Numbers(Vec<f64>),
}

/// The Rust types a field can have, and how each is read, written and left out.
pub(crate) trait FieldType: Sized {
    /// The kind this type stands for.
    const KIND: FieldKind;
    /// The value to write, or `None` when it is left out (absent, or at its default).
    fn present(&self, default: Option<f64>) -> Option<FieldValue<'_>>;
    /// The value from `input`, or the default (or absence) when `input` is `None`.
    fn from_input(def: &FieldDef, input: Option<FieldInput>) -> Result<Self, DistError>;
    /// The number to check with [`Check::apply`] (lists are checked by their family).
    fn checked_number(&self) -> Option<f64>;
}

fn missing(def: &FieldDef) -> DistError {
    DistError::new(
        def.name,
        format!("distribution spec: missing field `{}`", def.name),
    )
}

fn wrong_kind(def: &FieldDef) -> DistError {
    let wanted = if def.kind.is_list() {
        "a list of numbers"
    } else {
        "a number"
    };
    DistError::new(def.name, format!("{} must be {wanted}", def.name))
}

impl FieldType for f64 {
    const KIND: FieldKind = FieldKind::Number;
    fn present(&self, default: Option<f64>) -> Option<FieldValue<'_>> {
        (default != Some(*self)).then_some(FieldValue::Number(*self))
    }
    fn from_input(def: &FieldDef, input: Option<FieldInput>) -> Result<Self, DistError> {
        match input {
            Some(FieldInput::Number(x)) => Ok(x),
            Some(FieldInput::Numbers(_)) => Err(wrong_kind(def)),
            None => def.default.ok_or_else(|| missing(def)),
        }
    }
    fn checked_number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl FieldType for Option<f64> {
    const KIND: FieldKind = FieldKind::OptionalNumber;
    fn present(&self, _default: Option<f64>) -> Option<FieldValue<'_>> {
        self.map(FieldValue::Number)
    }
    fn from_input(def: &FieldDef, input: Option<FieldInput>) -> Result<Self, DistError> {
        match input {
            Some(FieldInput::Number(x)) => Ok(Some(x)),
            Some(FieldInput::Numbers(_)) => Err(wrong_kind(def)),
            None => Ok(None),
        }
    }
    fn checked_number(&self) -> Option<f64> {
        *self
    }
}

impl FieldType for Vec<f64> {
    const KIND: FieldKind = FieldKind::Numbers;
    fn present(&self, _default: Option<f64>) -> Option<FieldValue<'_>> {
        Some(FieldValue::Numbers(self))
    }
    fn from_input(def: &FieldDef, input: Option<FieldInput>) -> Result<Self, DistError> {
        match input {
            Some(FieldInput::Numbers(xs)) => Ok(xs),
            Some(FieldInput::Number(_)) => Err(wrong_kind(def)),
            None => Err(missing(def)),
        }
    }
    fn checked_number(&self) -> Option<f64> {
        None
    }
}

impl FieldType for Option<Vec<f64>> {
    const KIND: FieldKind = FieldKind::OptionalNumbers;
    fn present(&self, _default: Option<f64>) -> Option<FieldValue<'_>> {
        self.as_deref().map(FieldValue::Numbers)
    }
    fn from_input(def: &FieldDef, input: Option<FieldInput>) -> Result<Self, DistError> {
        match input {
            Some(FieldInput::Numbers(xs)) => Ok(Some(xs)),
            Some(FieldInput::Number(_)) => Err(wrong_kind(def)),
            None => Ok(None),
        }
    }
    fn checked_number(&self) -> Option<f64> {
        None
    }
}

/// `Some(default)` when a default is declared, else `None`.
macro_rules! declared_default {
    () => {
        None
    };
    ($default:expr) => {
        Some($default)
    };
}

/// The declared check, else [`Check::None`].
macro_rules! declared_check {
    () => {
        $crate::distributions::family::Check::None
    };
    ($check:expr) => {
        $check
    };
}

/// The Python keyword: the declared one, else the file name.
macro_rules! python_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $py:ident) => {
        stringify!($py)
    };
}

/// Generates everything a family needs from its one declaration (see the module docs).
///
/// Per family: doc comment, `Variant = "file_name", notes = "..." { fields } => build;`,
/// where each field is `/// doc` then `name [as python_name]: type [= default, "serde
/// default fn"] [check Check::...]`, and `build` is the expression that turns the fields
/// (bound by name, as references) into a `Kind`, after every field's own check passed.
macro_rules! families {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, notes = $notes:literal {
            $(
                $(#[doc = $fdoc:literal])*
                $field:ident $(as $py:ident)? : $ty:ty
                $(= $default:expr, $default_fn:literal)?
                $(, check $check:expr)?
            );* $(;)?
        } => $build:expr;
    )*) => {
        /// A distribution as written in a scenario file:
        /// `{ dist = "pert", low = 1, mode = 3, high = 8 }`.
        ///
        /// Build it with [`DistSpec::build`] to validate the parameters. Every variant is
        /// declared once, in `families!` (spec.rs).
        #[derive(Clone, Debug, PartialEq, serde::Deserialize)]
        #[serde(tag = "dist", deny_unknown_fields)]
        pub enum DistSpec {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $name)]
                $variant {
                    $(
                        $(#[doc = $fdoc])*
                        $(#[serde(default = $default_fn)])?
                        $field: $ty,
                    )*
                },
            )*
        }

        /// Every family, in declaration order: names, fields, defaults, checks and docs.
        pub static FAMILIES: &[$crate::distributions::family::FamilyDef] = &[$(
            $crate::distributions::family::FamilyDef {
                name: $name,
                doc: concat!($($doc),*),
                notes: $notes,
                fields: &[$(
                    $crate::distributions::family::FieldDef {
                        name: stringify!($field),
                        python_name: $crate::distributions::family::python_name!($field $($py)?),
                        kind: <$ty as $crate::distributions::family::FieldType>::KIND,
                        default: $crate::distributions::family::declared_default!($($default)?),
                        check: $crate::distributions::family::declared_check!($($check)?),
                        doc: concat!($($fdoc),*),
                    },
                )*],
            },
        )*];

        impl DistSpec {
            /// The family's name as written in files (`"pert"`, `"lognormal_ci90"`, …).
            pub fn family(&self) -> &'static str {
                match self {
                    $(DistSpec::$variant { .. } => $name,)*
                }
            }

            /// The family's declaration.
            pub fn family_def(&self) -> &'static $crate::distributions::family::FamilyDef {
                $crate::distributions::family::family_def(self.family())
                    .expect("every variant is declared")
            }

            /// The fields written to files, in order, with their values: absent optional
            /// fields and fields at their default are left out.
            pub fn present_fields(
                &self,
            ) -> Vec<(
                &'static $crate::distributions::family::FieldDef,
                $crate::distributions::family::FieldValue<'_>,
            )> {
                use $crate::distributions::family::FieldType;
                let values = match self {
                    $(DistSpec::$variant { $($field),* } => {
                        vec![$($field.present($crate::distributions::family::declared_default!($($default)?))),*]
                    })*
                };
                self.family_def()
                    .fields
                    .iter()
                    .zip(values)
                    .filter_map(|(def, value)| value.map(|value| (def, value)))
                    .collect()
            }

            /// Builds the spec of family `name` from its fields: `take` is asked for each
            /// declared field in order and returns its value, or `None` when it is left out
            /// (then its default applies, or it is absent, or it is missing: an error).
            pub fn from_fields(
                name: &str,
                mut take: impl FnMut(
                    &'static $crate::distributions::family::FieldDef,
                ) -> Result<Option<$crate::distributions::family::FieldInput>, DistError>,
            ) -> Result<DistSpec, DistError> {
                use $crate::distributions::family::FieldType;
                let Some(family) = $crate::distributions::family::family_def(name) else {
                    let known: Vec<String> =
                        FAMILIES.iter().map(|f| format!("`{}`", f.name)).collect();
                    return Err(DistError::new(
                        "dist",
                        format!(
                            "unknown distribution family `{name}`, expected one of {}",
                            known.join(", ")
                        ),
                    ));
                };
                let mut defs = family.fields.iter();
                let mut next = || defs.next().expect("one declaration per field");
                match name {
                    $($name => Ok(DistSpec::$variant {
                        $($field: {
                            let def = next();
                            <$ty as FieldType>::from_input(def, take(def)?)?
                        },)*
                    }),)*
                    _ => unreachable!("family_def found {name}"),
                }
            }

            /// Runs each field's own declared check, in order.
            fn check_fields(&self) -> Result<(), DistError> {
                use $crate::distributions::family::FieldType;
                let numbers = match self {
                    $(DistSpec::$variant { $($field),* } => vec![$($field.checked_number()),*],)*
                };
                for (def, value) in self.family_def().fields.iter().zip(numbers) {
                    def.check.apply(def.name, value)?;
                }
                Ok(())
            }
        }

        impl Dist {
            /// Checks the spec's fields and builds the family's sampler.
            pub(crate) fn from_parts(spec: DistSpec) -> Result<Dist, DistError> {
                spec.check_fields()?;
                let kind = match &spec {
                    $(DistSpec::$variant { $($field),* } => {
                        $(let _ = $field;)*
                        $build
                    })*
                };
                Ok(Dist { spec, kind })
            }
        }

        impl serde::Serialize for DistSpec {
            // The tag first, then the present fields in declaration order: what
            // `#[derive(Serialize)]` with `skip_serializing_if` wrote before.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let fields = self.present_fields();
                let mut state = serializer.serialize_struct(self.family(), 1 + fields.len())?;
                state.serialize_field("dist", self.family())?;
                let mut present = fields.iter().peekable();
                for def in self.family_def().fields {
                    match present.peek() {
                        Some((shown, value)) if std::ptr::eq(*shown, def) => {
                            state.serialize_field(def.name, value)?;
                            present.next();
                        }
                        _ => state.skip_field(def.name)?,
                    }
                }
                state.end()
            }
        }
    };
}

pub(crate) use {declared_check, declared_default, families, python_name};

#[cfg(test)]
mod tests {
    use super::{Check, FieldInput, FieldKind};
    use crate::distributions::{DistSpec, FAMILIES};

    /// A value of the right kind for every field (not necessarily a valid distribution).
    fn input(kind: FieldKind) -> FieldInput {
        if kind.is_list() {
            FieldInput::Numbers(vec![1.0, 2.0])
        } else {
            FieldInput::Number(0.25)
        }
    }

    /// The JSON object of the fields `include` picks, with the values [`input`] gives.
    fn json_with(family: &super::FamilyDef, include: impl Fn(&super::FieldDef) -> bool) -> String {
        let mut object = serde_json::Map::new();
        object.insert("dist".into(), family.name.into());
        for def in family.fields.iter().filter(|def| include(def)) {
            let value = match input(def.kind) {
                FieldInput::Number(x) => serde_json::json!(x),
                FieldInput::Numbers(xs) => serde_json::json!(xs),
            };
            object.insert(def.name.into(), value);
        }
        serde_json::Value::Object(object).to_string()
    }

    #[test]
    fn serde_and_from_fields_agree_on_every_family_with_and_without_optional_fields() {
        for family in FAMILIES {
            for all in [true, false] {
                let leave_out = |def: &super::FieldDef| {
                    !all && (def.kind.is_optional() || def.default.is_some())
                };
                let text = json_with(family, |def| !leave_out(def));
                let parsed: DistSpec = serde_json::from_str(&text).expect(&text);
                let made = DistSpec::from_fields(family.name, |def| {
                    Ok((!leave_out(def)).then(|| input(def.kind)))
                })
                .unwrap();
                assert_eq!(parsed, made, "{text}");
                assert_eq!(parsed.family(), family.name);
                // Serialising gives the same object back (defaults left out).
                let written: serde_json::Value = serde_json::to_value(&parsed).unwrap();
                let read: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(written, read, "{}", family.name);
            }
        }
    }

    #[test]
    fn files_write_the_tag_first_then_present_fields_in_order() {
        let pert = DistSpec::Pert {
            low: 1.0,
            mode: 3.0,
            high: 8.0,
            lambda: 4.0,
        };
        assert_eq!(
            serde_json::to_string(&pert).unwrap(),
            r#"{"dist":"pert","low":1.0,"mode":3.0,"high":8.0}"#
        );
        let pert = DistSpec::Pert {
            low: 1.0,
            mode: 3.0,
            high: 8.0,
            lambda: 2.5,
        };
        assert!(serde_json::to_string(&pert)
            .unwrap()
            .ends_with(r#""high":8.0,"lambda":2.5}"#));
        let normal = DistSpec::Normal {
            mean: 0.0,
            sd: 1.0,
            low: None,
            high: Some(2.0),
        };
        assert_eq!(
            serde_json::to_string(&normal).unwrap(),
            r#"{"dist":"normal","mean":0.0,"sd":1.0,"high":2.0}"#
        );
        let discrete = DistSpec::Discrete {
            values: vec![1.0, 2.0],
            weights: None,
        };
        assert_eq!(
            toml::to_string(&discrete).unwrap(),
            "dist = \"discrete\"\nvalues = [1.0, 2.0]\n"
        );
    }

    #[test]
    fn from_fields_names_the_missing_field_the_wrong_kind_and_an_unknown_family() {
        let missing = DistSpec::from_fields("pert", |def| {
            Ok((def.name != "mode").then_some(FieldInput::Number(1.0)))
        })
        .unwrap_err();
        assert_eq!(missing.param, "mode");
        assert!(missing.message.contains("missing field `mode`"));
        let wrong =
            DistSpec::from_fields("empirical", |_| Ok(Some(FieldInput::Number(1.0)))).unwrap_err();
        assert_eq!(wrong.param, "samples");
        let unknown = DistSpec::from_fields("cauchy", |_| Ok(None)).unwrap_err();
        assert_eq!(unknown.param, "dist");
        assert!(unknown.message.contains("`cauchy`") && unknown.message.contains("`pert`"));
    }

    /// A valid spec of every family, with every optional field given.
    const VALID: &[&str] = &[
        r#"{"dist":"fixed","value":2}"#,
        r#"{"dist":"uniform","low":1,"high":2}"#,
        r#"{"dist":"triangular","low":1,"mode":1.5,"high":2}"#,
        r#"{"dist":"pert","low":1,"mode":1.5,"high":2,"lambda":3}"#,
        r#"{"dist":"normal","mean":0,"sd":1,"low":-1,"high":1}"#,
        r#"{"dist":"lognormal","mu":0,"sigma":1}"#,
        r#"{"dist":"lognormal_ci90","p5":1,"p95":2}"#,
        r#"{"dist":"beta","alpha":2,"beta":3,"low":1,"high":2}"#,
        r#"{"dist":"gamma","shape":2,"scale":3}"#,
        r#"{"dist":"poisson","mean":2}"#,
        r#"{"dist":"bernoulli","p":0.5}"#,
        r#"{"dist":"discrete","values":[1,2],"weights":[1,3]}"#,
        r#"{"dist":"empirical","samples":[1,2]}"#,
    ];

    #[test]
    fn every_declared_check_rejects_nan_infinity_and_its_limits_naming_the_field() {
        assert_eq!(VALID.len(), FAMILIES.len());
        for text in VALID {
            let spec: DistSpec = serde_json::from_str(text).unwrap();
            spec.build().expect(text);
            for def in spec.family_def().fields {
                let mut bad = vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
                match def.check {
                    Check::None => continue,
                    Check::Finite => {}
                    Check::Positive => bad.extend([0.0, -1.0]),
                    Check::PositiveAtMost(limit) => bad.extend([0.0, -1.0, limit * 1.5]),
                }
                for x in bad {
                    let spec = DistSpec::from_fields(spec.family(), |field| {
                        let value = if field.name == def.name {
                            FieldInput::Number(x)
                        } else {
                            input_of(&spec, field)
                        };
                        Ok(Some(value))
                    })
                    .unwrap();
                    let err = spec
                        .build()
                        .expect_err(&format!("{text} with {} = {x}", def.name));
                    assert_eq!(err.param, def.name, "{text} with {} = {x}", def.name);
                }
            }
        }
    }

    /// The value `spec` holds for `field` (every field of the specs in [`VALID`] is given).
    fn input_of(spec: &DistSpec, field: &super::FieldDef) -> FieldInput {
        let value = serde_json::to_value(spec).unwrap();
        match &value[field.name] {
            serde_json::Value::Array(xs) => {
                FieldInput::Numbers(xs.iter().map(|x| x.as_f64().unwrap()).collect())
            }
            x => FieldInput::Number(x.as_f64().unwrap()),
        }
    }

    #[test]
    fn python_names_differ_only_where_the_file_name_is_a_python_keyword() {
        for family in FAMILIES {
            for def in family.fields {
                if def.python_name != def.name {
                    assert_eq!((def.name, def.python_name), ("lambda", "lambda_"));
                }
            }
        }
    }
}
