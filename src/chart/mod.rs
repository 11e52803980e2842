//! Chart rendering for decision memos: pure data in, PNG or SVG bytes out.
//!
//! Every chart shares one look (title, optional subtitle, legend under the title,
//! light gridlines, money axes written with [`crate::money::format_money`], a
//! colour-blind-safe palette) and carries its provenance: PNG text chunks
//! (`Software`, `Title`, `repave-cost:seed`, `repave-cost:trials`,
//! `repave-cost:method`, `repave-cost:scenario`, `repave-cost:version`), SVG
//! `<title>`/`<metadata>`, and an optional footer line.
//!
//! Fonts (DejaVu Sans) are embedded in the library, so rendering never consults
//! fontconfig or system fonts.
//!
//! ```
//! use repave_cost::chart::{render, ChartOptions, ChartSpec, Format, Provenance, SavingsData};
//!
//! let values: Vec<f64> = (0..1000).map(|i| (i as f64 - 300.0) * 150.0).collect();
//! let spec = ChartSpec::Savings(
//!     SavingsData::new(values, "Savings over 3 years").with_threshold(50_000.0),
//! );
//! let prov = Provenance::new(42, 1000, "random", "1a2b3c4d");
//! let png = render(&spec, &ChartOptions::default(), &prov, Format::Png).unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

mod axes;
mod bands;
mod breakdown;
mod canvas;
mod colormap;
mod convergence;
mod crossing;
mod cumulative;
mod encode;
mod exceedance;
mod fit;
mod heatmap;
mod layout;
mod provenance;
mod savings;
mod sobol_indices;
mod stats;
mod sweep;
mod theme;
mod tornado;
mod value_bars;

#[cfg(test)]
mod tests;

use plotters::prelude::DrawingBackend;

pub use bands::PercentileSeries;
pub use breakdown::BreakdownData;
pub use colormap::ColorMap;
pub use convergence::ConvergenceData;
pub use crossing::CrossingData;
pub use cumulative::{CumulativeData, CumulativeSeries};
pub use exceedance::{ExceedanceData, NamedSample};
pub use fit::{FitChartData, FitCurve};
pub use heatmap::{HeatmapData, HeatmapValues};
pub use provenance::{Detail, Provenance, KEY_PREFIX};
pub use savings::SavingsData;
pub use sobol_indices::{SobolIndexRow, SobolIndicesData};
pub use stats::{break_even, MAX_ABS_VALUE};
pub use sweep::{SweepLinesData, SweepSeries, SWEEP_LINES_KEY};
pub use theme::{series_color, Theme, OKABE_ITO};
pub use tornado::{TornadoData, TornadoRow};
pub use value_bars::ValueBarsData;

use canvas::{Canvas, Res};

/// Output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 8-bit RGB PNG, anti-aliased, with provenance in text chunks.
    Png,
    /// SVG 1.1 document with `<title>` and provenance `<metadata>`.
    Svg,
}

/// Smallest accepted width or height in pixels.
pub const MIN_SIZE: u32 = 200;
/// Largest accepted width or height in pixels.
pub const MAX_SIZE: u32 = 10_000;

/// Presentation options shared by every chart kind.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Width in pixels (between [`MIN_SIZE`] and [`MAX_SIZE`]).
    pub width: u32,
    /// Height in pixels (between [`MIN_SIZE`] and [`MAX_SIZE`]).
    pub height: u32,
    /// Title; `None` uses a default title for the chart kind.
    pub title: Option<String>,
    /// Optional second line under the title (e.g. the scenario name).
    pub subtitle: Option<String>,
    /// Light or dark look.
    pub theme: Theme,
    /// Print the provenance line at the bottom of the chart.
    pub footer: bool,
    /// ISO 4217 code (`"USD"`, `"EUR"`, `"CHF"`, ...) or a symbol, for money labels.
    pub currency: String,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            width: 1200,
            height: 750,
            title: None,
            subtitle: None,
            theme: Theme::Light,
            footer: true,
            currency: "USD".to_string(),
        }
    }
}

impl ChartOptions {
    /// Checks the size limits.
    pub fn validate(&self) -> Result<(), ChartError> {
        for (name, v) in [("width", self.width), ("height", self.height)] {
            if !(MIN_SIZE..=MAX_SIZE).contains(&v) {
                return Err(ChartError::InvalidSize(format!(
                    "{name} is {v} px; it must be between {MIN_SIZE} and {MAX_SIZE} px"
                )));
            }
        }
        Ok(())
    }

    /// Scale of fonts, strokes and paddings relative to the 1200×750 reference.
    fn scale(&self) -> f64 {
        (f64::from(self.width) / 1200.0)
            .min(f64::from(self.height) / 750.0)
            .clamp(0.75, 4.0)
    }
}

/// Why a chart could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// Width or height out of range.
    #[error("invalid chart size: {0}")]
    InvalidSize(String),
    /// A sample or series has no values.
    #[error("no data: {0}")]
    EmptyData(String),
    /// A value is NaN or infinite.
    #[error("invalid value: {0}")]
    NonFinite(String),
    /// Lengths or matrix dimensions do not agree.
    #[error("shape mismatch: {0}")]
    ShapeMismatch(String),
    /// Any other invalid input (e.g. a negative probability, no series).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The drawing backend failed.
    #[error("rendering failed: {0}")]
    Render(String),
    /// The output could not be encoded.
    #[error("encoding failed: {0}")]
    Encode(String),
}

/// What to draw. Each variant holds plain data; see the data types for details.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartSpec {
    /// Histogram of a sample (e.g. savings) with P5/median/P95 lines and an optional
    /// threshold annotated with the probability of exceeding it.
    Savings(SavingsData),
    /// Exceedance curves P(X > x) of one or more samples.
    Exceedance(ExceedanceData),
    /// Tornado of conditional means by decile: each input's low- and high-decile mean
    /// result, as bars from a reference line.
    Tornado(TornadoData),
    /// Stacked bars of mean cost per strategy, by activity.
    Breakdown(BreakdownData),
    /// Cumulative cost over years with percentile bands and payback marker.
    Cumulative(CumulativeData),
    /// Stacked bars of mean savings by practice (Repair, Repave, Rotate, other): drawn
    /// like [`ChartSpec::Breakdown`], one bar per comparison, one segment per practice.
    Attribution(BreakdownData),
    /// A statistic of savings along one scenario field with its confidence band, the level
    /// it should cross and the crossing with its interval (a break-even search).
    Crossing(CrossingData),
    /// The value of information: EVPPI bars per input or group with the EVPI marked.
    ValueOfInformation(ValueBarsData),
    /// Percentile bands along a swept parameter, one series per value of a second
    /// parameter, with break-even points.
    SweepLines(SweepLinesData),
    /// Two-parameter grid of values with a colour scale.
    Heatmap(HeatmapData),
    /// Observed data (histogram, empirical CDF) against fitted distributions.
    Fit(FitChartData),
    /// Estimates and confidence intervals of a precision-controlled run, batch by batch.
    Convergence(ConvergenceData),
    /// First-order and total Sobol indices per input, side by side, with intervals.
    SobolIndices(SobolIndicesData),
}

impl ChartSpec {
    /// Validates the data without drawing anything.
    pub fn validate(&self) -> Result<(), ChartError> {
        match self {
            ChartSpec::Savings(d) => d.validate(),
            ChartSpec::Exceedance(d) => d.validate(),
            ChartSpec::Tornado(d) => d.validate(),
            ChartSpec::Breakdown(d) | ChartSpec::Attribution(d) => d.validate(),
            ChartSpec::Crossing(d) => d.validate(),
            ChartSpec::ValueOfInformation(d) => d.validate(),
            ChartSpec::Cumulative(d) => d.validate(),
            ChartSpec::SweepLines(d) => d.validate(),
            ChartSpec::Heatmap(d) => d.validate(),
            ChartSpec::Fit(d) => d.validate(),
            ChartSpec::Convergence(d) => d.validate(),
            ChartSpec::SobolIndices(d) => d.validate(),
        }
    }

    /// The title used when [`ChartOptions::title`] is `None`.
    pub fn default_title(&self) -> String {
        match self {
            ChartSpec::Savings(d) => format!("Distribution of {}", d.quantity),
            ChartSpec::Exceedance(d) => match d.series.as_slice() {
                [only] => format!("Probability of exceeding each amount of {}", only.name),
                _ => "Probability of exceeding each amount".to_string(),
            },
            ChartSpec::Tornado(_) => {
                "What drives the result: conditional means by decile".to_string()
            }
            ChartSpec::Breakdown(_) => "Where the money goes: mean cost by activity".to_string(),
            ChartSpec::Cumulative(_) => "Cumulative cost over time".to_string(),
            ChartSpec::Crossing(d) => {
                format!("Where {} crosses the level", d.y_label.to_lowercase())
            }
            ChartSpec::ValueOfInformation(_) => {
                "What knowing each input before deciding is worth".to_string()
            }
            ChartSpec::Attribution(_) => {
                "Where the saving comes from: mean savings by practice".to_string()
            }
            ChartSpec::SweepLines(d) => format!("{} across {}", d.y_label, d.x_label),
            ChartSpec::Heatmap(_) => "Results across the parameter grid".to_string(),
            ChartSpec::Fit(_) => "Fitted distributions against the data".to_string(),
            ChartSpec::Convergence(_) => "How the estimates converged as trials grew".to_string(),
            ChartSpec::SobolIndices(_) => {
                "What drives the variance: first-order and total Sobol indices".to_string()
            }
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        opts: &ChartOptions,
        title: &str,
        prov: &Provenance,
    ) -> Res {
        let footer = opts.footer.then(|| prov.footer_line());
        let body = layout::frame(c, title, opts.subtitle.as_deref(), footer.as_deref())?;
        match self {
            ChartSpec::Savings(d) => d.draw(c, body),
            ChartSpec::Exceedance(d) => d.draw(c, body),
            ChartSpec::Tornado(d) => d.draw(c, body),
            ChartSpec::Breakdown(d) | ChartSpec::Attribution(d) => d.draw(c, body),
            ChartSpec::Crossing(d) => d.draw(c, body),
            ChartSpec::ValueOfInformation(d) => d.draw(c, body),
            ChartSpec::Cumulative(d) => d.draw(c, body),
            ChartSpec::SweepLines(d) => d.draw(c, body),
            ChartSpec::Heatmap(d) => d.draw(c, body),
            ChartSpec::Fit(d) => d.draw(c, body),
            ChartSpec::Convergence(d) => d.draw(c, body),
            ChartSpec::SobolIndices(d) => d.draw(c, body),
        }
    }
}

/// Renders `spec` to PNG or SVG bytes.
///
/// Inputs are validated first (sizes, empty or non-finite data, mismatched shapes);
/// invalid input gives a [`ChartError`], never a panic. Safe to call from several
/// threads at once.
pub fn render(
    spec: &ChartSpec,
    opts: &ChartOptions,
    prov: &Provenance,
    format: Format,
) -> Result<Vec<u8>, ChartError> {
    opts.validate()?;
    spec.validate()?;
    theme::ensure_fonts();
    let title = opts.title.clone().unwrap_or_else(|| spec.default_title());
    let colors = opts.theme.colors();
    let size = (opts.width, opts.height);
    match format {
        Format::Png => encode::png(
            size,
            opts.scale(),
            colors,
            &opts.currency,
            &title,
            prov,
            &|c| spec.draw(c, opts, &title, prov),
        ),
        Format::Svg => encode::svg(
            size,
            opts.scale(),
            colors,
            &opts.currency,
            &title,
            prov,
            &|c| spec.draw(c, opts, &title, prov),
        ),
    }
}
