//! Provenance: where a chart's numbers came from, embedded in every output file
//! (PNG text chunks, SVG metadata) and optionally printed as a footer line.

use crate::money::format_count;

/// Where the numbers in a chart came from, so that a chart pasted into a memo can be
/// traced back to the run that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// Version of the library that ran the simulation, e.g. `"0.1.0"`.
    pub library_version: String,
    /// Random seed of the simulation; `None` for a chart of numbers drawn without one
    /// (a fit to data), which then prints and embeds no seed.
    pub seed: Option<u64>,
    /// Number of Monte Carlo trials; `None` when the chart's count is not of trials (a
    /// fit's values, a Sobol indices design's base points: say it in `details`).
    pub trials: Option<u64>,
    /// Sampling method, e.g. `"random"` or `"lhs"`.
    pub method: String,
    /// Hash identifying the scenario (its canonical content); printed shortened.
    pub scenario_hash: String,
    /// What else decided the numbers (a precision, bootstrap resamples), in order: printed
    /// after the method and embedded after the standard fields.
    pub details: Vec<Detail>,
}

/// One more thing a chart's numbers depend on: embedded as `key` = `value`, printed in
/// the footer as `shown` (nothing when empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detail {
    /// The metadata key (without [`KEY_PREFIX`]), e.g. `"precision"`.
    pub key: String,
    /// The full value, for a reader or program to repeat the run.
    pub value: String,
    /// The footer's words for it, e.g. `"precision ±0.2%"`; empty to embed only.
    pub shown: String,
}

impl Detail {
    /// A detail embedded as `key` = `value` and printed as `shown`.
    pub fn new(key: &str, value: impl Into<String>, shown: impl Into<String>) -> Self {
        Self {
            key: key.to_string(),
            value: value.into(),
            shown: shown.into(),
        }
    }
}

/// Name written as the producing software.
pub(crate) const SOFTWARE: &str = "repave-cost";

/// Prefix of the PNG text keywords and of the SVG metadata attributes.
pub const KEY_PREFIX: &str = "repave-cost:";

impl Provenance {
    /// Creates the provenance of a simulation's chart (`seed`, `trials`, `method`,
    /// scenario hash) with this crate's version as `library_version` and no details.
    pub fn new(seed: u64, trials: u64, method: &str, scenario_hash: &str) -> Self {
        Self {
            library_version: env!("CARGO_PKG_VERSION").to_string(),
            seed: Some(seed),
            trials: Some(trials),
            method: method.to_string(),
            scenario_hash: scenario_hash.to_string(),
            details: Vec::new(),
        }
    }

    /// The same with `detail` added after the others.
    pub fn with(mut self, detail: Detail) -> Self {
        self.details.push(detail);
        self
    }

    /// `"repave-cost 0.1.0"` (or just `"repave-cost"` without a version).
    pub fn software(&self) -> String {
        if self.library_version.is_empty() {
            SOFTWARE.to_string()
        } else {
            format!("{SOFTWARE} {}", self.library_version)
        }
    }

    /// The scenario hash shortened to 8 characters for display.
    pub fn short_scenario(&self) -> &str {
        let end = self
            .scenario_hash
            .char_indices()
            .nth(8)
            .map_or(self.scenario_hash.len(), |(i, _)| i);
        &self.scenario_hash[..end]
    }

    /// One-line human summary, as printed in the chart footer:
    /// `repave-cost 0.1.0 · seed 0 · 10,000 trials · random · scenario 1a2b3c4d`, with
    /// each detail's words after the method.
    pub fn footer_line(&self) -> String {
        let mut parts = vec![self.software()];
        if let Some(seed) = self.seed {
            parts.push(format!("seed {seed}"));
        }
        if let Some(trials) = self.trials {
            parts.push(format!("{} trials", format_count(trials)));
        }
        if !self.method.is_empty() {
            parts.push(self.method.clone());
        }
        parts.extend(
            self.details
                .iter()
                .filter(|d| !d.shown.is_empty())
                .map(|d| d.shown.clone()),
        );
        if !self.scenario_hash.is_empty() {
            parts.push(format!("scenario {}", self.short_scenario()));
        }
        parts.join(" · ")
    }

    /// Key/value pairs embedded in output files (keys without [`KEY_PREFIX`]): `version`,
    /// then `seed`, `trials`, `method` and `scenario` where there are (a fit has no seed,
    /// trials or scenario), then the details.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut fields = vec![("version".to_string(), self.library_version.clone())];
        if let Some(seed) = self.seed {
            fields.push(("seed".to_string(), seed.to_string()));
        }
        if let Some(trials) = self.trials {
            fields.push(("trials".to_string(), trials.to_string()));
        }
        for (key, value) in [("method", &self.method), ("scenario", &self.scenario_hash)] {
            if !value.is_empty() {
                fields.push((key.to_string(), value.clone()));
            }
        }
        for d in &self.details {
            fields.push((d.key.clone(), d.value.clone()));
        }
        fields
    }
}

/// Escapes text for XML character data and attribute values.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // characters not allowed in XML 1.0
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// SVG elements inserted right after the opening `<svg>` tag: `<title>`, a `<desc>`
/// with the footer line, a `<metadata>` element carrying every provenance field as
/// an attribute in the `urn:repave-cost:provenance` namespace, and a comment.
pub(crate) fn svg_header(title: &str, prov: &Provenance) -> String {
    let mut s = String::new();
    s.push_str(&format!("<title>{}</title>\n", xml_escape(title)));
    s.push_str(&format!(
        "<desc>{}</desc>\n",
        xml_escape(&prov.footer_line())
    ));
    s.push_str("<metadata>\n<rc:provenance xmlns:rc=\"urn:repave-cost:provenance\"");
    s.push_str(&format!(" rc:software=\"{}\"", xml_escape(SOFTWARE)));
    for (k, v) in prov.fields() {
        s.push_str(&format!(" rc:{k}=\"{}\"", xml_escape(&v)));
    }
    s.push_str("/>\n</metadata>\n");
    // "--" is not allowed inside XML comments
    let comment = prov.footer_line().replace("--", "- -");
    s.push_str(&format!("<!-- {} -->\n", xml_escape(&comment)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov() -> Provenance {
        Provenance {
            library_version: "0.1.0".into(),
            seed: Some(0),
            trials: Some(10_000),
            method: "random".into(),
            scenario_hash: "1a2b3c4d5e6f7788".into(),
            details: Vec::new(),
        }
    }

    #[test]
    fn footer_line_matches_memo_format() {
        assert_eq!(
            prov().footer_line(),
            "repave-cost 0.1.0 · seed 0 · 10,000 trials · random · scenario 1a2b3c4d"
        );
    }

    #[test]
    fn details_follow_the_method_and_what_is_missing_is_left_out() {
        let p = prov().with(Detail::new(
            "precision",
            "relative=0.002",
            "precision ±0.2%",
        ));
        let p = p.with(Detail::new("quiet", "embedded only", ""));
        assert_eq!(
            p.footer_line(),
            "repave-cost 0.1.0 · seed 0 · 10,000 trials · random · precision ±0.2% · \
             scenario 1a2b3c4d"
        );
        let keys: Vec<String> = p.fields().into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            [
                "version",
                "seed",
                "trials",
                "method",
                "scenario",
                "precision",
                "quiet"
            ]
        );
        assert_eq!(p.fields()[6].1, "embedded only");
        let data = Provenance {
            seed: None,
            trials: None,
            scenario_hash: String::new(),
            ..prov()
        }
        .with(Detail::new("values", "80", "80 values"));
        assert_eq!(data.footer_line(), "repave-cost 0.1.0 · random · 80 values");
        let keys: Vec<String> = data.fields().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["version", "method", "values"]);
    }

    #[test]
    fn svg_header_is_well_formed() {
        let mut p = prov();
        p.method = "a<b & \"c\" -- d".into();
        let doc = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            svg_header("Title & more", &p)
        );
        let parsed = roxmltree::Document::parse(&doc).expect("valid XML");
        let node = parsed
            .descendants()
            .find(|n| n.tag_name().name() == "provenance")
            .expect("provenance element");
        assert_eq!(
            node.attribute(("urn:repave-cost:provenance", "method")),
            Some("a<b & \"c\" -- d")
        );
        assert_eq!(
            node.attribute(("urn:repave-cost:provenance", "scenario")),
            Some("1a2b3c4d5e6f7788")
        );
    }
}
