//! `repave_cost._core.Distribution`: a validated distribution, wrapping [`Dist`].

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use numpy::ndarray::ArrayD;
use numpy::{PyArray, PyArray1, PyReadonlyArrayDyn, PyUntypedArray};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString, PyTuple, PyType};

use super::args::{seed_arg, usize_arg};
use super::errors::{guard, scenario_error, DistributionError};
use super::interrupt::run_interruptible;
use super::parse_method;
use crate::distributions::family::family_def;
use crate::distributions::{
    Dist, DistError, DistSpec, FamilyDef, FieldDef, FieldInput, FieldValue, FAMILIES,
};
use crate::limits::checked_len;
use crate::sampling::{sample_column, Control};

/// The stream key [`PyDistribution::sample`] draws from: `d.sample(n, seed, method)` equals
/// the column of an input keyed `"value"` in `sample_inputs`.
pub const SAMPLE_KEY: &str = "value";

/// A validated probability distribution (Python: `repave_cost._core.Distribution`).
#[pyclass(name = "Distribution", frozen, module = "repave_cost._core")]
pub struct PyDistribution {
    /// The validated core distribution.
    pub dist: Dist,
}

impl PyDistribution {
    /// Validates `spec` and wraps it.
    pub fn from_spec(spec: DistSpec) -> PyResult<PyDistribution> {
        guard(|| {
            Ok(PyDistribution {
                dist: spec.build()?,
            })
        })
    }

    /// Parses a JSON distribution spec (`{"dist": "pert", "low": 1, ...}`).
    pub fn parse_spec(spec_json: &str) -> PyResult<DistSpec> {
        let mut de = serde_json::Deserializer::from_str(spec_json);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let (message, param) = if path == "." {
                // serde names a missing or unknown field only in its message.
                let text = inner.to_string();
                let named = ["missing field `", "unknown field `"]
                    .iter()
                    .find_map(|prefix| text.strip_prefix(prefix))
                    .and_then(|rest| rest.split('`').next())
                    .unwrap_or_default()
                    .to_string();
                (format!("distribution spec: {inner}"), named)
            } else {
                (format!("distribution {path}: {inner}"), path)
            };
            let problems = vec![(param.clone(), inner.to_string())];
            DistributionError::new_err((message, problems, (!param.is_empty()).then_some(param)))
        })
    }
}

/// Formats a number the way a person would type it: `3`, `2.5`, `1e-07`.
fn num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:?}")
    }
}

/// Formats a list of numbers, eliding the middle of long lists.
fn nums(xs: &[f64]) -> String {
    if xs.len() <= 20 {
        let inner: Vec<String> = xs.iter().map(|&x| num(x)).collect();
        format!("[{}]", inner.join(", "))
    } else {
        let head: Vec<String> = xs[..3].iter().map(|&x| num(x)).collect();
        let tail = num(xs[xs.len() - 1]);
        format!("[{}, ..., {tail}] ({} values)", head.join(", "), xs.len())
    }
}

/// The Python constructor call that rebuilds `spec`, e.g. `pert(low=1, mode=3, high=8)`:
/// the present fields in declaration order, under their Python names.
pub fn spec_repr(spec: &DistSpec) -> String {
    let args: Vec<String> = spec
        .present_fields()
        .into_iter()
        .map(|(def, value)| {
            let shown = match value {
                FieldValue::Number(x) => num(x),
                FieldValue::Numbers(xs) => nums(xs),
            };
            format!("{}={shown}", def.python_name)
        })
        .collect();
    format!("{}({})", spec.family(), args.join(", "))
}

/// A short description of a Python value for error messages: its type and a bounded repr.
fn shown(value: &Bound<'_, PyAny>) -> String {
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string());
    let repr = value
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("<{type_name}>"));
    let repr = if repr.chars().count() > 60 {
        format!("{}...", repr.chars().take(57).collect::<String>())
    } else {
        repr
    };
    format!("{type_name} {repr}")
}

/// One number from a Python int or float (numpy scalars too), never a bool.
fn number_from(param: &str, value: &Bound<'_, PyAny>) -> Result<f64, DistError> {
    // What the Python constructors pass: a float, read without further questions.
    if let Ok(float) = value.cast_exact::<PyFloat>() {
        return Ok(float.value());
    }
    let is_bool = value.is_instance_of::<PyBool>()
        || value
            .get_type()
            .name()
            .is_ok_and(|n| matches!(n.to_cow().as_deref(), Ok("bool" | "bool_")));
    let not_a_number = || {
        DistError::new(
            param,
            format!("{param} must be a number, got {}", shown(value)),
        )
    };
    if is_bool || value.is_instance_of::<PyString>() {
        return Err(not_a_number());
    }
    value.extract::<f64>().map_err(|err| {
        if err.is_instance_of::<PyOverflowError>(value.py()) {
            DistError::new(
                param,
                format!("{param} must be a finite number, got {}", shown(value)),
            )
        } else {
            not_a_number()
        }
    })
}

/// A field's value from Python: a number, or a list or tuple of numbers for a list field
/// (an element at fault is named `values[1]`).
fn field_from(def: &FieldDef, value: &Bound<'_, PyAny>) -> Result<FieldInput, DistError> {
    let param = def.name;
    if !def.kind.is_list() {
        return number_from(param, value).map(FieldInput::Number);
    }
    let items: Vec<Bound<'_, PyAny>> = if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return Err(DistError::new(
            param,
            format!("{param} must be a list of numbers, got {}", shown(value)),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.cast_exact::<PyFloat>() {
            Ok(float) => Ok(float.value()),
            Err(_) => number_from(&format!("{param}[{i}]"), item),
        })
        .collect::<Result<Vec<f64>, DistError>>()
        .map(FieldInput::Numbers)
}

/// The spec a Python dict describes (`{"dist": "pert", "low": 1, ...}`, file names): the
/// family from `"dist"`, each declared field from its key (`None` is left out), and an
/// error naming the key for a missing, unknown or ill-typed one.
pub fn spec_from_dict(spec: &Bound<'_, PyDict>) -> Result<DistSpec, DistError> {
    let item = |key: &str| spec.get_item(key).ok().flatten();
    let Some(name) = item("dist") else {
        check_keys(spec, None)?;
        return Err(DistError::new(
            "dist",
            "distribution spec: missing field `dist`".to_string(),
        ));
    };
    let family: String = name.extract().map_err(|_| {
        DistError::new(
            "dist",
            format!("dist must be a family name, got {}", shown(&name)),
        )
    })?;
    let Some(def) = family_def(&family) else {
        return DistSpec::from_fields(&family, |_| Ok(None)); // the unknown-family error
    };
    let values: Vec<Option<Bound<'_, PyAny>>> = def.fields.iter().map(|f| item(f.name)).collect();
    // Keys besides `dist` and the declared fields are looked for only when there are some.
    if 1 + values.iter().flatten().count() != spec.len() {
        check_keys(spec, Some(def))?;
    }
    let mut values = values.into_iter();
    DistSpec::from_fields(&family, |field| match values.next().flatten() {
        Some(value) if !value.is_none() => field_from(field, &value).map(Some),
        _ => Ok(None),
    })
}

/// The first key of `spec` that is not a str, or (for a known `family`) neither `dist` nor
/// one of its fields, as an error.
fn check_keys(spec: &Bound<'_, PyDict>, family: Option<&FamilyDef>) -> Result<(), DistError> {
    for key in spec.keys() {
        let Ok(key) = key.extract::<String>() else {
            return Err(DistError::new(
                "",
                format!("distribution spec keys must be str, got {}", shown(&key)),
            ));
        };
        let Some(family) = family else { continue };
        if key != "dist" && !family.fields.iter().any(|f| f.name == key) {
            let expected: Vec<String> = family
                .fields
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect();
            return Err(DistError::new(
                &key,
                format!(
                    "distribution spec: unknown field `{key}`, expected one of {}",
                    expected.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Every family as `_core.families()` reports it: a dict per family with `name`, `doc`,
/// `notes` and `fields` (each with `name`, `python_name`, `kind`, `default`, `range` (its
/// own check: `"finite"`, `"> 0"`, ...; empty when its family checks it) and `doc`).
#[pyfunction]
pub fn families(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for family in FAMILIES {
        let fields = PyList::empty(py);
        for def in family.fields {
            let field = PyDict::new(py);
            field.set_item("name", def.name)?;
            field.set_item("python_name", def.python_name)?;
            field.set_item("kind", def.kind.name())?;
            field.set_item("default", def.default)?;
            field.set_item("range", def.check.range())?;
            field.set_item("doc", def.doc.trim())?;
            fields.append(field)?;
        }
        let entry = PyDict::new(py);
        entry.set_item("name", family.name)?;
        entry.set_item("doc", family.doc.trim())?;
        entry.set_item("notes", family.notes)?;
        entry.set_item("fields", fields)?;
        list.append(entry)?;
    }
    Ok(list)
}

/// Feeds the spec's JSON value to `state`, with `-0.0` hashed as `0.0` so that equal
/// specs (compared with `==` on floats) hash equally.
fn hash_value(value: &serde_json::Value, state: &mut DefaultHasher) {
    use serde_json::Value;
    match value {
        Value::Null => 0u8.hash(state),
        Value::Bool(b) => b.hash(state),
        Value::Number(n) => (n.as_f64().unwrap_or(f64::NAN) + 0.0).to_bits().hash(state),
        Value::String(s) => s.hash(state),
        Value::Array(items) => items.iter().for_each(|v| hash_value(v, state)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            k.hash(state);
            hash_value(v, state);
        }),
    }
}

#[pymethods]
impl PyDistribution {
    /// Builds a distribution from its JSON spec, e.g. `'{"dist": "pert", "low": 1, "mode": 3,
    /// "high": 8}'` (the shape scenario files use). Raises `DistributionError` naming the
    /// field when the spec is malformed or a parameter is invalid.
    #[new]
    fn new(spec_json: &str) -> PyResult<Self> {
        guard(|| PyDistribution::from_spec(PyDistribution::parse_spec(spec_json)?))
    }

    /// Builds a distribution from a dict spec in file names, e.g. `{"dist": "pert",
    /// "low": 1, "mode": 3, "high": 8}`: the one constructor behind every Python family
    /// function. Raises `DistributionError` naming the key for an unknown family, a
    /// missing, unknown or ill-typed field, or an invalid parameter.
    #[staticmethod]
    fn make(spec: &Bound<'_, PyDict>) -> PyResult<Self> {
        guard(|| PyDistribution::from_spec(spec_from_dict(spec)?))
    }

    /// The family's name as written in files (`"pert"`, `"lognormal_ci90"`, ...).
    #[getter]
    fn family(&self) -> &'static str {
        self.dist.spec().family()
    }

    /// The mean (every family has a closed form; NaN would mean none).
    fn mean(&self) -> PyResult<f64> {
        guard(|| Ok(self.dist.mean().unwrap_or(f64::NAN)))
    }

    /// The variance (every family has a closed form; NaN would mean none).
    fn variance(&self) -> PyResult<f64> {
        guard(|| Ok(self.dist.variance().unwrap_or(f64::NAN)))
    }

    /// The smallest and largest possible values (either may be infinite).
    fn support(&self) -> PyResult<(f64, f64)> {
        guard(|| Ok(self.dist.support()))
    }

    /// The quantile function. `q` is a float (returns a float) or a float64 numpy array of
    /// any shape (returns an array of the same shape). Every `q` must lie in `[0, 1]`.
    fn ppf<'py>(&self, py: Python<'py>, q: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            if q.cast::<PyUntypedArray>().is_ok() {
                let array: PyReadonlyArrayDyn<'py, f64> = q.extract().map_err(|_| {
                    scenario_error("q", "q must be a float or a float64 numpy array")
                })?;
                let view = array.as_array();
                // A broadcast view can claim far more elements than memory holds.
                checked_len(
                    "q",
                    view.len() as u64,
                    16,
                    "quantile levels and values, 16 bytes each",
                )?;
                let dist = &self.dist;
                let levels: Vec<f64> = view.iter().copied().collect();
                let values = py.detach(|| dist.ppf_many(&levels))?;
                let out = ArrayD::from_shape_vec(view.shape(), values)
                    .expect("one quantile per element, in logical order");
                Ok(PyArray::from_owned_array(py, out).into_any())
            } else {
                let x: f64 = q.extract().map_err(|_| {
                    scenario_error("q", "q must be a float or a float64 numpy array")
                })?;
                // The same path as an array, so `ppf(q) == ppf([q])[0]` bit for bit.
                let value = self.dist.ppf_many(&[x])?[0];
                Ok(PyFloat::new(py, value).into_any())
            }
        })
    }

    /// `n` draws as a float64 array, from stream key `"value"` of a run seeded `seed`, with
    /// `method` `"random"` or `"lhs"`. Releases the GIL; Ctrl-C stops it.
    #[pyo3(signature = (n, seed = None, method = "random"))]
    fn sample<'py>(
        &self,
        py: Python<'py>,
        n: &Bound<'py, PyAny>,
        seed: Option<&Bound<'py, PyAny>>,
        method: &str,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        guard(|| {
            let n = usize_arg(n, "n", 0)?;
            checked_len("n", n as u64, 8, "8-byte draws")?;
            let seed = seed.map(seed_arg).transpose()?.unwrap_or(0);
            let method = parse_method(method)?;
            let dist = &self.dist;
            let column = run_interruptible(
                py,
                Arc::new(Control::new()),
                |control| sample_column(dist, SAMPLE_KEY, n, seed, method, control),
                None,
            )?;
            Ok(PyArray1::from_vec(py, column))
        })
    }

    /// The spec as JSON, e.g. `{"dist":"pert","low":1.0,"mode":3.0,"high":8.0}`.
    fn spec_json(&self) -> PyResult<String> {
        guard(|| Ok(serde_json::to_string(self.dist.spec()).expect("a spec always serialises")))
    }

    /// Equal when the specs are equal.
    fn __eq__(&self, other: &Self) -> bool {
        self.dist == other.dist
    }

    /// Consistent with `__eq__`.
    fn __hash__(&self) -> PyResult<u64> {
        guard(|| {
            let value = serde_json::to_value(self.dist.spec()).expect("a spec always serialises");
            let mut state = DefaultHasher::new();
            hash_value(&value, &mut state);
            Ok(state.finish())
        })
    }

    /// Pickles as `Distribution(spec_json)`.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let args = PyTuple::new(py, [slf.get().spec_json()?])?;
        Ok((py.get_type::<PyDistribution>(), args))
    }

    /// The constructor call that rebuilds it, e.g. `pert(low=1, mode=3, high=8)`.
    fn __repr__(&self) -> PyResult<String> {
        guard(|| Ok(spec_repr(self.dist.spec())))
    }
}
