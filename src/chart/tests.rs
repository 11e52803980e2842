//! Rendering tests across chart kinds and formats, plus a preview writer.

use super::*;

/// Deterministic pseudo-random normal samples (xorshift + Box–Muller), so the tests
/// need no RNG dependency.
pub(crate) fn normal_sample(n: usize, mean: f64, sd: f64, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let (u1, u2) = (uniform(), uniform());
            mean + sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        })
        .collect()
}

pub(crate) fn prov() -> Provenance {
    Provenance {
        library_version: "0.1.0".into(),
        seed: Some(0),
        trials: Some(10_000),
        method: "random".into(),
        scenario_hash: "1a2b3c4d5e6f".into(),
        details: Vec::new(),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn percentiles_over(
    n: usize,
    f: impl Fn(f64) -> (f64, f64, f64),
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut a = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let (x, y, z) = f(i as f64);
        a.0.push(x);
        a.1.push(y);
        a.2.push(z);
    }
    a
}

/// One example of every chart kind, with texts that must appear in the SVG.
pub(crate) fn examples() -> Vec<(&'static str, ChartSpec, Vec<&'static str>)> {
    let savings = ChartSpec::Savings(
        SavingsData::new(
            normal_sample(10_000, 80_000.0, 60_000.0, 1),
            "Savings over 3 years (repave − immutable)",
        )
        .with_threshold(50_000.0),
    );
    let exceed = ChartSpec::Exceedance(
        ExceedanceData::new(
            vec![
                NamedSample::new("Repave", normal_sample(10_000, 1_150_000.0, 180_000.0, 2)),
                NamedSample::new("Immutable", normal_sample(10_000, 950_000.0, 260_000.0, 3)),
            ],
            "3-year cost",
        )
        .with_marker(1_200_000.0),
    );
    let tornado = ChartSpec::Tornado(TornadoData::new(
        vec![
            TornadoRow::new("Engineer hourly rate", 60_000.0, 110_000.0)
                .with_inputs("$90/h", "$180/h"),
            TornadoRow::new("Incidents per year", 40_000.0, 140_000.0).with_inputs("2", "12"),
            TornadoRow::new("Repave frequency", 95_000.0, 70_000.0)
                .with_inputs("monthly", "weekly"),
            TornadoRow::new("Hosts", 72_000.0, 101_000.0).with_inputs("50", "400"),
            TornadoRow::new("Image build time", 83_000.0, 88_000.0),
            TornadoRow::new("Audit findings per audit", 78_000.0, 92_000.0).with_inputs("1", "6"),
        ],
        85_000.0,
        "Mean 3-year savings",
    ));
    let breakdown = ChartSpec::Breakdown(BreakdownData::new(
        strings(&["Repave", "Immutable containers"]),
        strings(&["Patching", "Incidents", "Rebuilds", "Audits", "Tooling"]),
        vec![
            vec![420_000.0, 310_000.0, 180_000.0, 90_000.0, 40_000.0],
            vec![120_000.0, 150_000.0, 260_000.0, 60_000.0, 140_000.0],
        ],
        "Mean 3-year cost",
    ));
    let (a5, a50, a95) = percentiles_over(6, |t| {
        (300_000.0 * t * 0.85, 300_000.0 * t, 300_000.0 * t * 1.2)
    });
    let (b5, b50, b95) = percentiles_over(6, |t| {
        let m = 250_000.0 + 170_000.0 * t;
        (m * 0.8, m, m * 1.25)
    });
    let cumulative = ChartSpec::Cumulative(
        CumulativeData::new(
            vec![
                CumulativeSeries::new("Repave", a5, a50, a95),
                CumulativeSeries::new("Immutable", b5, b50, b95),
            ],
            "Cumulative cost",
        )
        .with_payback(2.0),
    );
    let xs = vec![5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0];
    let mk = |scale: f64, shift: f64| {
        let p50: Vec<f64> = xs.iter().map(|&x: &f64| scale * (x.ln() - shift)).collect();
        let p5 = p50
            .iter()
            .zip(&xs)
            .map(|(m, x)| m - 15_000.0 - 40.0 * x)
            .collect();
        let p95 = p50
            .iter()
            .zip(&xs)
            .map(|(m, x)| m + 15_000.0 + 40.0 * x)
            .collect();
        (p5, p50, p95)
    };
    let (s1a, s1b, s1c) = mk(40_000.0, 3.5);
    let (s2a, s2b, s2c) = mk(30_000.0, 4.5);
    let sweep = ChartSpec::SweepLines(SweepLinesData {
        series_label: "Team size".into(),
        ..SweepLinesData::new(
            xs.clone(),
            "Hosts",
            "Median 3-year savings",
            vec![
                SweepSeries::new("4 engineers", s1a, s1b, s1c),
                SweepSeries::new("12 engineers", s2a, s2b, s2c),
            ],
        )
    });
    let hx = strings(&["10", "25", "50", "100", "250", "500"]);
    let hy = strings(&["monthly", "bi-weekly", "weekly", "daily"]);
    let hv: Vec<Vec<f64>> = (0..4)
        .map(|r| {
            (0..6)
                .map(|c| (0.08 + 0.15 * c as f64 + 0.05 * r as f64).min(1.0))
                .collect()
        })
        .collect();
    let heatmap = ChartSpec::Heatmap(
        HeatmapData::new(hx.clone(), hy.clone(), hv, HeatmapValues::Probability).with_labels(
            "Hosts",
            "Repave frequency",
            "P(savings > 0)",
        ),
    );
    let mv: Vec<Vec<f64>> = (0..4)
        .map(|r| {
            (0..6)
                .map(|c| -120_000.0 + 55_000.0 * c as f64 + 20_000.0 * r as f64)
                .collect()
        })
        .collect();
    let heatmap_money = ChartSpec::Heatmap(
        HeatmapData::new(hx, hy, mv, HeatmapValues::Money).with_labels(
            "Hosts",
            "Repave frequency",
            "Median savings",
        ),
    );
    vec![
        (
            "savings",
            savings,
            vec![
                "Savings over 3 years (repave − immutable)",
                "Share of trials",
                "P(savings > $50K) = 69%",
            ],
        ),
        (
            "exceedance",
            exceed,
            vec![
                "3-year cost",
                "Probability of exceeding",
                "Repave",
                "Immutable",
            ],
        ),
        (
            "tornado",
            tornado,
            vec![
                "Mean 3-year savings",
                "Incidents per year",
                "mean result $85K",
                "weekly",
            ],
        ),
        (
            "breakdown",
            breakdown,
            vec!["Mean 3-year cost", "Patching", "Repave", "$1.04M"],
        ),
        (
            "cumulative",
            cumulative,
            vec!["Cumulative cost", "Year", "median payback: year 2"],
        ),
        (
            "sweep",
            sweep,
            vec!["Hosts", "Median 3-year savings", "Team size"],
        ),
        (
            "heatmap",
            heatmap,
            vec!["Hosts", "Repave frequency", "P(savings > 0)", "monthly"],
        ),
        (
            "heatmap-money",
            heatmap_money,
            vec!["Hosts", "Median savings"],
        ),
    ]
}

/// Where preview images go: `CHART_PREVIEW_DIR` (kept, to look at them), else a fresh
/// temporary folder that is removed when the guard drops (also when the test fails).
struct PreviewDir {
    path: std::path::PathBuf,
    keep: bool,
}

impl PreviewDir {
    fn new(name: &str) -> PreviewDir {
        let (path, keep) = match std::env::var_os("CHART_PREVIEW_DIR") {
            Some(d) => (std::path::PathBuf::from(d), true),
            None => (
                std::env::temp_dir().join(format!("repave-cost-{name}-{}", std::process::id())),
                false,
            ),
        };
        std::fs::create_dir_all(&path).unwrap();
        PreviewDir { path, keep }
    }
}

impl std::ops::Deref for PreviewDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.path
    }
}

impl Drop for PreviewDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[test]
fn preview_dir_is_removed_unless_asked_to_keep_it() {
    if std::env::var_os("CHART_PREVIEW_DIR").is_some() {
        return;
    }
    let dir = PreviewDir::new("cleanup-check");
    let path = dir.to_path_buf();
    std::fs::write(path.join("a.svg"), "<svg></svg>").unwrap();
    drop(dir);
    assert!(!path.exists(), "{path:?} was left behind");
}

/// Every file in `dir` is a complete image: PNGs decode, SVGs close.
fn assert_complete_images(dir: &std::path::Path) {
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
                assert!(decoder.read_info().is_ok(), "{path:?} does not decode");
            }
            Some("svg") => assert!(String::from_utf8(bytes)
                .unwrap()
                .trim_end()
                .ends_with("</svg>")),
            _ => continue,
        }
        seen += 1;
    }
    assert!(seen > 0, "no images in {dir:?}");
}

/// Writes every example as PNG and SVG (light and dark) and checks each file is complete.
/// Set `CHART_PREVIEW_DIR` to keep them for a look.
#[test]
fn write_previews() {
    let dir = &PreviewDir::new("previews");
    for (name, spec, _) in examples() {
        for (theme, suffix) in [(Theme::Light, ""), (Theme::Dark, "-dark")] {
            let opts = ChartOptions {
                theme,
                ..ChartOptions::default()
            };
            let png = render(&spec, &opts, &prov(), Format::Png).unwrap();
            std::fs::write(dir.join(format!("{name}{suffix}.png")), png).unwrap();
        }
        let svg = render(&spec, &ChartOptions::default(), &prov(), Format::Svg).unwrap();
        std::fs::write(dir.join(format!("{name}.svg")), svg).unwrap();
        let small = ChartOptions {
            width: 640,
            height: 400,
            subtitle: Some("Scenario: 200 hosts over 3 years".into()),
            ..ChartOptions::default()
        };
        let png = render(&spec, &small, &prov(), Format::Png).unwrap();
        std::fs::write(dir.join(format!("{name}-small.png")), png).unwrap();
    }
    assert_complete_images(dir);
}

fn png_info(bytes: &[u8]) -> (u32, u32, Vec<u8>, Vec<(String, String)>) {
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = dec.read_info().expect("PNG header decodes");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let frame = reader.next_frame(&mut buf).expect("PNG frame decodes");
    buf.truncate(frame.buffer_size());
    let info = reader.info();
    let mut texts: Vec<(String, String)> = info
        .uncompressed_latin1_text
        .iter()
        .map(|t| (t.keyword.clone(), t.text.clone()))
        .collect();
    for t in &info.utf8_text {
        texts.push((t.keyword.clone(), t.get_text().unwrap_or_default()));
    }
    (frame.width, frame.height, buf, texts)
}

/// Variance of the grey level over all pixels (0 for a blank image).
fn pixel_variance(rgb: &[u8]) -> f64 {
    let n = (rgb.len() / 3) as f64;
    let grey: Vec<f64> = rgb
        .chunks_exact(3)
        .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
        .collect();
    let mean = grey.iter().sum::<f64>() / n;
    grey.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / n
}

fn check_png(name: &str, bytes: &[u8], w: u32, h: u32, title: &str) {
    let (pw, ph, pixels, texts) = png_info(bytes);
    assert_eq!((pw, ph), (w, h), "{name}: PNG size");
    let var = pixel_variance(&pixels);
    assert!(var > 100.0, "{name}: PNG looks blank (grey variance {var})");
    let get = |k: &str| {
        texts
            .iter()
            .find(|(kk, _)| kk == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Software"), Some("repave-cost 0.1.0"), "{name}");
    assert_eq!(get("Title"), Some(title), "{name}");
    assert_eq!(get("repave-cost:seed"), Some("0"), "{name}");
    assert_eq!(get("repave-cost:trials"), Some("10000"), "{name}");
    assert_eq!(get("repave-cost:method"), Some("random"), "{name}");
    assert_eq!(get("repave-cost:scenario"), Some("1a2b3c4d5e6f"), "{name}");
}

fn check_svg(name: &str, bytes: &[u8], title: &str, expected: &[&str], footer: bool) {
    let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    let doc =
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: SVG parses: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let title_el = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("<title>");
    assert_eq!(title_el.text(), Some(title), "{name}: <title>");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    let has = |s: &str| texts.iter().any(|t| t == s);
    assert!(has(title), "{name}: title drawn as <text>");
    for e in expected {
        assert!(has(e), "{name}: missing <text>{e}</text>; have {texts:?}");
    }
    let footer_line = "repave-cost 0.1.0 · seed 0 · 10,000 trials · random · scenario 1a2b3c4d";
    assert_eq!(has(footer_line), footer, "{name}: footer");
    let ns = "urn:repave-cost:provenance";
    let prov_el = doc
        .descendants()
        .find(|n| n.tag_name().name() == "provenance" && n.tag_name().namespace() == Some(ns))
        .expect("provenance metadata");
    assert!(prov_el.ancestors().any(|a| a.has_tag_name("metadata")));
    assert_eq!(prov_el.attribute((ns, "seed")), Some("0"));
    assert_eq!(prov_el.attribute((ns, "trials")), Some("10000"));
    assert_eq!(prov_el.attribute((ns, "method")), Some("random"));
    assert_eq!(prov_el.attribute((ns, "scenario")), Some("1a2b3c4d5e6f"));
}

#[test]
fn every_chart_renders_png_and_svg() {
    // No system font lookup may be involved: the fonts are embedded.
    std::env::set_var("FONTCONFIG_FILE", "/dev/null");
    for (name, spec, expected) in examples() {
        let opts = ChartOptions::default();
        let title = spec.default_title();
        let png = render(&spec, &opts, &prov(), Format::Png).unwrap();
        check_png(name, &png, 1200, 750, &title);
        let svg = render(&spec, &opts, &prov(), Format::Svg).unwrap();
        check_svg(name, &svg, &title, &expected, true);
    }
}

#[test]
fn custom_title_dark_theme_no_footer_and_other_sizes() {
    for (name, spec, expected) in examples() {
        let opts = ChartOptions {
            width: 640,
            height: 400,
            title: Some("Custom <title> & more".into()),
            subtitle: Some("Scenario: 200 hosts, 3 years".into()),
            theme: Theme::Dark,
            footer: false,
            currency: "EUR".into(),
        };
        let png = render(&spec, &opts, &prov(), Format::Png).unwrap();
        check_png(name, &png, 640, 400, "Custom <title> & more");
        let svg = render(&spec, &opts, &prov(), Format::Svg).unwrap();
        let expected: Vec<&str> = expected.into_iter().filter(|e| !e.contains('$')).collect();
        check_svg(name, &svg, "Custom <title> & more", &expected, false);
        let text = String::from_utf8(svg).unwrap();
        assert!(
            text.contains("Scenario: 200 hosts, 3 years"),
            "{name}: subtitle"
        );
    }
    // a large, non-default aspect ratio
    let (_, spec, _) = examples().remove(0);
    let opts = ChartOptions {
        width: 2400,
        height: 1000,
        ..ChartOptions::default()
    };
    let png = render(&spec, &opts, &prov(), Format::Png).unwrap();
    let (w, h, _, _) = png_info(&png);
    assert_eq!((w, h), (2400, 1000));
}

#[test]
fn euro_labels_use_the_euro_sign() {
    let (_, spec, _) = examples().remove(0);
    let opts = ChartOptions {
        currency: "EUR".into(),
        ..ChartOptions::default()
    };
    let svg = String::from_utf8(render(&spec, &opts, &prov(), Format::Svg).unwrap()).unwrap();
    assert!(svg.contains("P(savings &gt; €50K) = 69%") || svg.contains("P(savings > €50K) = 69%"));
    assert!(!svg.contains(">$"), "no dollar labels in a EUR chart");
    // a non-Latin-1 title goes into an iTXt chunk and survives the round trip
    let opts = ChartOptions {
        title: Some("Savings in € — 3 years".into()),
        ..opts
    };
    let png = render(&spec, &opts, &prov(), Format::Png).unwrap();
    check_png("euro", &png, 1200, 750, "Savings in € — 3 years");
}

#[test]
fn constant_sample_still_renders() {
    for v in [0.0, 42_000.0, -5.0] {
        let spec = ChartSpec::Savings(SavingsData::new(vec![v; 500], "Savings").with_threshold(v));
        for format in [Format::Png, Format::Svg] {
            render(&spec, &ChartOptions::default(), &prov(), format).unwrap();
        }
        let spec = ChartSpec::Exceedance(ExceedanceData::new(
            vec![NamedSample::new("A", vec![v; 3])],
            "Cost",
        ));
        render(&spec, &ChartOptions::default(), &prov(), Format::Png).unwrap();
    }
    let flat = ChartSpec::Cumulative(CumulativeData::new(
        vec![CumulativeSeries::new("A", vec![1.0], vec![1.0], vec![1.0])],
        "Cost",
    ));
    render(&flat, &ChartOptions::default(), &prov(), Format::Png).unwrap();
    let one = ChartSpec::SweepLines(SweepLinesData::new(
        vec![3.0],
        "x",
        "y",
        vec![SweepSeries::new("s", vec![0.0], vec![0.0], vec![0.0])],
    ));
    render(&one, &ChartOptions::default(), &prov(), Format::Svg).unwrap();
    let zeros = ChartSpec::Breakdown(BreakdownData::new(
        strings(&["A"]),
        strings(&["x"]),
        vec![vec![0.0]],
        "Cost",
    ));
    render(&zeros, &ChartOptions::default(), &prov(), Format::Png).unwrap();
    let hm = ChartSpec::Heatmap(HeatmapData::new(
        strings(&["a"]),
        strings(&["b"]),
        vec![vec![5.0]],
        HeatmapValues::Money,
    ));
    render(&hm, &ChartOptions::default(), &prov(), Format::Png).unwrap();
}

fn err(spec: &ChartSpec) -> ChartError {
    render(spec, &ChartOptions::default(), &prov(), Format::Png).unwrap_err()
}

#[test]
fn invalid_inputs_are_errors_not_panics() {
    let e = err(&ChartSpec::Savings(SavingsData::new(vec![], "x")));
    assert!(matches!(e, ChartError::EmptyData(_)), "{e}");
    let e = err(&ChartSpec::Savings(SavingsData::new(
        vec![1.0, f64::NAN],
        "x",
    )));
    assert!(matches!(e, ChartError::NonFinite(_)), "{e}");
    let e = err(&ChartSpec::Savings(
        SavingsData::new(vec![1.0], "x").with_threshold(f64::INFINITY),
    ));
    assert!(matches!(e, ChartError::NonFinite(_)), "{e}");
    let e = err(&ChartSpec::Exceedance(ExceedanceData::new(vec![], "x")));
    assert!(matches!(e, ChartError::EmptyData(_)), "{e}");
    let e = err(&ChartSpec::Tornado(TornadoData::new(vec![], 0.0, "x")));
    assert!(matches!(e, ChartError::EmptyData(_)), "{e}");
    let e = err(&ChartSpec::Tornado(TornadoData::new(
        vec![TornadoRow::new("a", f64::NAN, 1.0)],
        0.0,
        "x",
    )));
    assert!(matches!(e, ChartError::NonFinite(_)), "{e}");
    let e = err(&ChartSpec::Breakdown(BreakdownData::new(
        strings(&["A", "B"]),
        strings(&["x"]),
        vec![vec![1.0]],
        "y",
    )));
    assert!(matches!(e, ChartError::ShapeMismatch(_)), "{e}");
    let e = err(&ChartSpec::Cumulative(CumulativeData::new(
        vec![CumulativeSeries::new(
            "A",
            vec![1.0, 2.0],
            vec![1.0],
            vec![1.0, 2.0],
        )],
        "y",
    )));
    assert!(matches!(e, ChartError::ShapeMismatch(_)), "{e}");
    let e = err(&ChartSpec::SweepLines(SweepLinesData::new(
        vec![2.0, 1.0],
        "x",
        "y",
        vec![SweepSeries::new(
            "s",
            vec![0.0; 2],
            vec![0.0; 2],
            vec![0.0; 2],
        )],
    )));
    assert!(matches!(e, ChartError::InvalidInput(_)), "{e}");
    let e = err(&ChartSpec::Heatmap(HeatmapData::new(
        strings(&["a", "b"]),
        strings(&["c"]),
        vec![vec![0.5]],
        HeatmapValues::Probability,
    )));
    assert!(matches!(e, ChartError::ShapeMismatch(_)), "{e}");
    assert!(e.to_string().contains("expected 2"), "{e}");
    let e = err(&ChartSpec::Heatmap(HeatmapData::new(
        strings(&["a"]),
        strings(&["c"]),
        vec![vec![1.5]],
        HeatmapValues::Probability,
    )));
    assert!(matches!(e, ChartError::InvalidInput(_)), "{e}");

    let e = err(&ChartSpec::Savings(SavingsData::new(
        vec![1e300, -1e300],
        "x",
    )));
    assert!(matches!(e, ChartError::InvalidInput(_)), "{e}");
    // extreme but accepted magnitudes and tiny spreads still render
    for values in [
        vec![-1e15, 1e15],
        vec![1.0, 1.0 + 1e-12],
        vec![1e-300, 2e-300],
    ] {
        let spec = ChartSpec::Savings(SavingsData::new(values, "x"));
        render(&spec, &ChartOptions::default(), &prov(), Format::Svg).unwrap();
    }

    let (_, spec, _) = examples().remove(0);
    for (w, h) in [
        (0, 750),
        (1200, 0),
        (10_001, 750),
        (1200, 50_000),
        (u32::MAX, u32::MAX),
    ] {
        let opts = ChartOptions {
            width: w,
            height: h,
            ..ChartOptions::default()
        };
        for format in [Format::Png, Format::Svg] {
            let e = render(&spec, &opts, &prov(), format).unwrap_err();
            assert!(matches!(e, ChartError::InvalidSize(_)), "{w}x{h}: {e}");
        }
    }
}

#[test]
fn rendering_is_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ChartSpec>();
    assert_send_sync::<ChartOptions>();
    assert_send_sync::<Provenance>();
    assert_send_sync::<ChartError>();
    let handles: Vec<_> = examples()
        .into_iter()
        .take(4)
        .map(|(_, spec, _)| {
            std::thread::spawn(move || {
                let opts = ChartOptions {
                    width: 600,
                    height: 400,
                    ..ChartOptions::default()
                };
                render(&spec, &opts, &prov(), Format::Png).map(|b| b.len())
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("no panic").expect("renders") > 1000);
    }
}

#[test]
fn sweep_break_even_uses_axis_space() {
    let d = SweepLinesData::new(
        vec![10.0, 100.0, 1000.0, 10_000.0],
        "x",
        "y",
        vec![SweepSeries::new(
            "s",
            vec![0.0; 4],
            vec![-10.0, -5.0, 5.0, 10.0],
            vec![0.0; 4],
        )],
    );
    assert!(d.uses_log_x());
    let be = d.break_evens()[0].unwrap();
    assert!((be - 10f64.powf(2.5)).abs() < 1e-6, "{be}");
    let lin = SweepLinesData {
        log_x: Some(false),
        ..d
    };
    assert!(!lin.uses_log_x());
    assert_eq!(lin.break_evens()[0], Some(550.0));
}

#[test]
fn bold_title_differs_from_regular() {
    // The bold face must really be registered: a bold title covers more pixels.
    super::theme::ensure_fonts();
    use plotters::prelude::*;
    let ink = |bold: bool| {
        let mut buf = vec![255u8; 400 * 60 * 3];
        {
            let area = BitMapBackend::with_buffer(&mut buf, (400, 60)).into_drawing_area();
            let c = super::canvas::Canvas::new(&area, 1.0, false, Theme::Light.colors(), "USD");
            let font = if bold {
                super::canvas::Font::bold(30.0)
            } else {
                super::canvas::Font::regular(30.0)
            };
            c.text(
                "Savings",
                10.0,
                10.0,
                font,
                RGBColor(0, 0, 0),
                super::canvas::HAlign::Left,
                super::canvas::VAlign::Top,
            )
            .unwrap();
            c.present().unwrap();
        }
        buf.iter().map(|&v| u64::from(255 - v)).sum::<u64>()
    };
    let (regular, bold) = (ink(false), ink(true));
    assert!(regular > 0);
    assert!(
        bold as f64 > regular as f64 * 1.15,
        "bold {bold} vs regular {regular}"
    );
}

/// Awkward inputs (30 tornado rows, a 20×15 heatmap, many bars and curves, constant and
/// long-tailed samples) render completely; set `CHART_PREVIEW_DIR` to look at them.
#[test]
fn write_stress_previews() {
    let dir = &PreviewDir::new("stress");
    let rows: Vec<TornadoRow> = (0..30)
        .map(|i| {
            TornadoRow::new(
                &format!("Input number {i} with a long descriptive name"),
                80_000.0 - 900.0 * f64::from(i * 3 % 31),
                80_000.0 + 1_300.0 * f64::from(i * 7 % 29),
            )
        })
        .collect();
    let hx: Vec<String> = (0..20).map(|i| format!("{} hosts", 10 * (i + 1))).collect();
    let hy: Vec<String> = (0..15).map(|i| format!("{} / month", i + 1)).collect();
    let hv: Vec<Vec<f64>> = (0..15)
        .map(|r| {
            (0..20)
                .map(|c| ((r * 20 + c) as f64 / 299.0).powf(0.7))
                .collect()
        })
        .collect();
    let cases = vec![
        (
            "constant",
            ChartSpec::Savings(
                SavingsData::new(vec![25_000.0; 100], "Savings").with_threshold(50_000.0),
            ),
        ),
        (
            "skewed",
            ChartSpec::Savings(
                SavingsData::new(
                    normal_sample(5_000, 0.0, 1.0, 9)
                        .into_iter()
                        .map(|z| (z * 0.9 + 11.0).exp() - 40_000.0)
                        .collect(),
                    "Savings (lognormal, long right tail)",
                )
                .with_threshold(0.0),
            ),
        ),
        (
            "tornado-many",
            ChartSpec::Tornado(TornadoData::new(rows, 80_000.0, "Mean savings")),
        ),
        (
            "heatmap-dense",
            ChartSpec::Heatmap(
                HeatmapData::new(hx, hy, hv, HeatmapValues::Probability).with_labels(
                    "Fleet size",
                    "Repaves per month",
                    "P(savings > 0)",
                ),
            ),
        ),
        (
            "breakdown-many",
            ChartSpec::Breakdown(BreakdownData::new(
                strings(&[
                    "Repave weekly",
                    "Repave monthly with golden images",
                    "Immutable containers on Kubernetes",
                    "Immutable VMs",
                    "Hybrid",
                    "Status quo (manual patching)",
                ]),
                strings(&[
                    "Patching",
                    "Incidents",
                    "Rebuilds",
                    "Audits",
                    "Tooling",
                    "Training",
                    "Licences",
                    "Downtime",
                ]),
                (0..6)
                    .map(|s| {
                        (0..8)
                            .map(|a| 20_000.0 + 9_000.0 * ((s * 3 + a * 5) % 11) as f64)
                            .collect()
                    })
                    .collect(),
                "Mean annual cost",
            )),
        ),
        (
            "exceedance-many",
            ChartSpec::Exceedance(
                ExceedanceData::new(
                    (0..6u32)
                        .map(|i| {
                            NamedSample::new(
                                &format!("Strategy {}", i + 1),
                                normal_sample(
                                    2_000,
                                    500_000.0 + 60_000.0 * f64::from(i),
                                    90_000.0,
                                    u64::from(i) + 20,
                                ),
                            )
                        })
                        .collect(),
                    "Annual cost",
                )
                .with_marker(600_000.0),
            ),
        ),
    ];
    for (name, spec) in cases {
        let png = render(&spec, &ChartOptions::default(), &prov(), Format::Png).unwrap();
        std::fs::write(dir.join(format!("stress-{name}.png")), png).unwrap();
    }
    assert_complete_images(dir);
}

#[test]
fn tornado_labels_of_bars_on_one_side_do_not_overlap() {
    // Both decile means right of the reference (first row) or left of it (second row): the
    // shorter bar's label follows the longer bar's label instead of falling on that bar.
    let spec = ChartSpec::Tornado(TornadoData::new(
        vec![
            TornadoRow::new("Both right", 95_000.0, 120_000.0),
            TornadoRow::new("Both left", 60_000.0, 75_000.0),
            TornadoRow::new("Either side", 70_000.0, 100_000.0),
        ],
        85_000.0,
        "Mean savings",
    ));
    let svg = render(&spec, &ChartOptions::default(), &prov(), Format::Svg).unwrap();
    let text = std::str::from_utf8(&svg).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    let x_of = |label: &str| -> f64 {
        let node = doc
            .descendants()
            .find(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some(label))
            .unwrap_or_else(|| panic!("no <text>{label}</text>"));
        node.attribute("x").unwrap().parse().unwrap()
    };
    // Right side: labels start after their anchor; the shorter one after the longer one.
    let (long_r, short_r) = (x_of("$120K"), x_of("$95K"));
    assert!(short_r > long_r + 30.0, "{short_r} vs {long_r}");
    // Left side: labels end at their anchor; the shorter one before the longer one.
    let (long_l, short_l) = (x_of("$60K"), x_of("$75K"));
    assert!(short_l < long_l - 30.0, "{short_l} vs {long_l}");
    // Bars on either side keep their labels at their own ends.
    assert!(x_of("$70K") < x_of("$100K"));
}

#[test]
fn sweep_lines_say_what_they_draw_and_dot_every_grid_point() {
    // Two series of four grid points, all above zero: no break-even marker, so every
    // circle in the SVG is a grid point's dot.
    let series = |base: f64| {
        let p50: Vec<f64> = (0..4).map(|i| base + 1_000.0 * i as f64).collect();
        let p5 = p50.iter().map(|v| v - 500.0).collect();
        let p95 = p50.iter().map(|v| v + 500.0).collect();
        (p5, p50, p95)
    };
    let (a5, a50, a95) = series(10_000.0);
    let (b5, b50, b95) = series(20_000.0);
    let data = SweepLinesData::new(
        vec![10.0, 20.0, 40.0, 80.0],
        "Hosts",
        "Savings over 3 years",
        vec![
            SweepSeries::new("2 engineers", a5, a50, a95),
            SweepSeries::new("4 engineers", b5, b50, b95),
        ],
    );
    assert_eq!(data.key, SWEEP_LINES_KEY);
    assert!(data.break_evens().iter().all(Option::is_none));
    let spec = ChartSpec::SweepLines(data.clone());
    let svg =
        String::from_utf8(render(&spec, &ChartOptions::default(), &prov(), Format::Svg).unwrap())
            .unwrap();
    assert_eq!(
        svg.matches("<circle").count(),
        8,
        "one dot per series and grid point"
    );
    // the key is drawn as the legend's last entry (the SVG escapes nothing in it)
    assert!(svg.contains("Line: median"), "no key in the legend");
    assert!(svg.contains("5th–95th percentile"));
    // without a key, no such entry
    let bare = ChartSpec::SweepLines(SweepLinesData {
        key: String::new(),
        ..data
    });
    let svg =
        String::from_utf8(render(&bare, &ChartOptions::default(), &prov(), Format::Svg).unwrap())
            .unwrap();
    assert!(!svg.contains("Line: median"));
}
