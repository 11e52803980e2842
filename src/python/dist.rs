//! `repave_cost._core.Distribution`: a validated distribution, wrapping [`Dist`].

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use numpy::ndarray::ArrayD;
use numpy::{PyArray, PyArray1, PyReadonlyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyTuple, PyType};

use super::args::{seed_arg, usize_arg};
use super::errors::{guard, scenario_error, DistributionError};
use super::interrupt::run_interruptible;
use super::parse_method;
use crate::distributions::{Dist, DistSpec, DEFAULT_PERT_LAMBDA};
use crate::limits::checked_len;
use crate::sampling::{sample_column, Control};

/// The stream key [`PyDistribution::sample`] draws from: `d.sample(n, seed, method)` equals
/// the column of an input keyed `"value"` in `sample_inputs`.
pub const SAMPLE_KEY: &str = "value";

// `pert`'s signature spells the default as a literal; keep it equal to the core's.
const _: () = assert!(DEFAULT_PERT_LAMBDA == 4.0);

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

/// The Python constructor call that rebuilds `spec`, e.g. `pert(low=1, mode=3, high=8)`.
pub fn spec_repr(spec: &DistSpec) -> String {
    let mut args: Vec<String> = Vec::new();
    let mut arg = |name: &str, value: String| args.push(format!("{name}={value}"));
    match spec {
        DistSpec::Fixed { value } => arg("value", num(*value)),
        DistSpec::Uniform { low, high } => {
            arg("low", num(*low));
            arg("high", num(*high));
        }
        DistSpec::Triangular { low, mode, high } => {
            arg("low", num(*low));
            arg("mode", num(*mode));
            arg("high", num(*high));
        }
        DistSpec::Pert {
            low,
            mode,
            high,
            lambda,
        } => {
            arg("low", num(*low));
            arg("mode", num(*mode));
            arg("high", num(*high));
            if *lambda != DEFAULT_PERT_LAMBDA {
                arg("lambda_", num(*lambda));
            }
        }
        DistSpec::Normal {
            mean,
            sd,
            low,
            high,
        } => {
            arg("mean", num(*mean));
            arg("sd", num(*sd));
            if let Some(low) = low {
                arg("low", num(*low));
            }
            if let Some(high) = high {
                arg("high", num(*high));
            }
        }
        DistSpec::Lognormal { mu, sigma } => {
            arg("mu", num(*mu));
            arg("sigma", num(*sigma));
        }
        DistSpec::LognormalCi90 { p5, p95 } => {
            arg("p5", num(*p5));
            arg("p95", num(*p95));
        }
        DistSpec::Beta {
            alpha,
            beta,
            low,
            high,
        } => {
            arg("alpha", num(*alpha));
            arg("beta", num(*beta));
            if let Some(low) = low {
                arg("low", num(*low));
            }
            if let Some(high) = high {
                arg("high", num(*high));
            }
        }
        DistSpec::Gamma { shape, scale } => {
            arg("shape", num(*shape));
            arg("scale", num(*scale));
        }
        DistSpec::Poisson { mean } => arg("mean", num(*mean)),
        DistSpec::Bernoulli { p } => arg("p", num(*p)),
        DistSpec::Discrete { values, weights } => {
            arg("values", nums(values));
            if let Some(weights) = weights {
                arg("weights", nums(weights));
            }
        }
        DistSpec::Empirical { samples } => arg("samples", nums(samples)),
    }
    format!("{}({})", spec.family(), args.join(", "))
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

    /// Always `value`.
    #[staticmethod]
    fn fixed(value: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Fixed { value })
    }

    /// Uniform on `[low, high]`.
    #[staticmethod]
    fn uniform(low: f64, high: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Uniform { low, high })
    }

    /// Triangular on `[low, high]` with mode `mode`.
    #[staticmethod]
    fn triangular(low: f64, mode: f64, high: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Triangular { low, mode, high })
    }

    /// PERT on `[low, high]` with mode `mode` and shape weight `lambda_` (files: `lambda`).
    #[staticmethod]
    // The literal (not DEFAULT_PERT_LAMBDA) so the text signature shows `lambda_=4.0`.
    #[pyo3(signature = (low, mode, high, lambda_ = 4.0))]
    fn pert(low: f64, mode: f64, high: f64, lambda_: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Pert {
            low,
            mode,
            high,
            lambda: lambda_,
        })
    }

    /// Normal(mean, sd), truncated to `[low, high]` when either bound is given.
    #[staticmethod]
    #[pyo3(signature = (mean, sd, low = None, high = None))]
    fn normal(mean: f64, sd: f64, low: Option<f64>, high: Option<f64>) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Normal {
            mean,
            sd,
            low,
            high,
        })
    }

    /// `exp(N(mu, sigma))`.
    #[staticmethod]
    fn lognormal(mu: f64, sigma: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Lognormal { mu, sigma })
    }

    /// The lognormal with 5th percentile `p5` and 95th percentile `p95`.
    #[staticmethod]
    fn lognormal_ci90(p5: f64, p95: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::LognormalCi90 { p5, p95 })
    }

    /// Beta(alpha, beta) scaled to `[low, high]` (default `[0, 1]`).
    #[staticmethod]
    #[pyo3(signature = (alpha, beta, low = None, high = None))]
    fn beta(alpha: f64, beta: f64, low: Option<f64>, high: Option<f64>) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Beta {
            alpha,
            beta,
            low,
            high,
        })
    }

    /// Gamma with `shape` and `scale`.
    #[staticmethod]
    fn gamma(shape: f64, scale: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Gamma { shape, scale })
    }

    /// Poisson counts with mean `mean`.
    #[staticmethod]
    fn poisson(mean: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Poisson { mean })
    }

    /// 1 with probability `p`, else 0.
    #[staticmethod]
    fn bernoulli(p: f64) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Bernoulli { p })
    }

    /// One of `values`, with probabilities proportional to `weights` (equal when `None`).
    #[staticmethod]
    #[pyo3(signature = (values, weights = None))]
    fn discrete(values: Vec<f64>, weights: Option<Vec<f64>>) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Discrete { values, weights })
    }

    /// Resamples `samples`, each equally likely.
    #[staticmethod]
    fn empirical(samples: Vec<f64>) -> PyResult<Self> {
        PyDistribution::from_spec(DistSpec::Empirical { samples })
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
                Ok(PyFloat::new(py, self.dist.ppf(x)?).into_any())
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
